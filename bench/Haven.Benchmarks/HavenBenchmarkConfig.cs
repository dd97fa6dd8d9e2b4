using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Haven.Benchmarks;

/// <summary>A short, fixed job, plus two columns: the target and the measured figure in the same unit.</summary>
public sealed class HavenBenchmarkConfig : ManualConfig
{
    public HavenBenchmarkConfig()
    {
        AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1));
        AddColumn(new TargetColumn(), new MeasuredColumn());
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
    }
}

/// <summary>Declares what a benchmark is measured against: units per operation and the target in words.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TargetAttribute(string target, string unit, double unitsPerOperation = 1) : Attribute
{
    public string Target { get; } = target;

    /// <summary>"lookups/s", "ms" or "MB/s".</summary>
    public string Unit { get; } = unit;

    public double UnitsPerOperation { get; } = unitsPerOperation;
}

internal sealed class TargetColumn : IColumn
{
    public string Id => "Target";

    public string ColumnName => "Target";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => false;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "The target the issue sets for this measurement";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => Attribute(benchmarkCase)?.Target ?? "-";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    internal static TargetAttribute? Attribute(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttributes(typeof(TargetAttribute), false).OfType<TargetAttribute>().FirstOrDefault();
}

internal sealed class MeasuredColumn : IColumn
{
    public string Id => "Measured";

    public string ColumnName => "Measured";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "The mean time turned into the target's unit";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var target = TargetColumn.Attribute(benchmarkCase);
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (target is null || stats is null)
        {
            return "-";
        }

        double seconds = stats.Mean / 1e9;
        return target.Unit switch
        {
            "lookups/s" => $"{target.UnitsPerOperation / seconds:N0} lookups/s",
            "MB/s" => $"{target.UnitsPerOperation / seconds / 1e6:N0} MB/s",
            _ => $"{seconds * 1000:N1} ms",
        };
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
