using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Haven.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new Haven.Benchmarks.HavenBenchmarkConfig());
