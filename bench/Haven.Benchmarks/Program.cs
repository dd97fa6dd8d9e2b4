using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Haven.Benchmarks -- --filter '*'        BenchmarkDotNet suites
// dotnet run -c Release --project bench/Haven.Benchmarks -- pwtt-stack [size] [strips|deflate-tiles]  PWTT end to end on a large stack
if (args.Length > 0 && args[0] == "pwtt-stack")
{
    return Haven.Benchmarks.PwttEndToEnd.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new Haven.Benchmarks.HavenBenchmarkConfig());
return 0;
