// The console (and Spectre.Console's live progress display) is one per process: run command tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
