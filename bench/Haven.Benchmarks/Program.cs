using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Haven.Benchmarks -- --filter '*'        BenchmarkDotNet suites
// dotnet run -c Release --project bench/Haven.Benchmarks -- pwtt-stack [size] [strips|deflate-tiles]  PWTT end to end on a large stack
// dotnet run -c Release --project bench/Haven.Benchmarks -- stack-write SIZE LAYOUT FOLDER  the stack bench/pwtt-vs-numpy.sh compares on
if (args.Length > 3 && args[0] == "stack-write")
{
    return Haven.Benchmarks.ComparisonStack.Run(args);
}

// dotnet run -c Release --project bench/Haven.Benchmarks -- burst-folder FOLDER [WIDTH HEIGHT]  OPERA-named bursts for bench/align-vs-gdalwarp.sh
if (args.Length > 1 && args[0] == "burst-folder")
{
    return Haven.Benchmarks.BurstFolder.Run(args);
}

if (args.Length > 0 && args[0] == "pwtt-stack")
{
    return Haven.Benchmarks.PwttEndToEnd.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new Haven.Benchmarks.HavenBenchmarkConfig());
return 0;
