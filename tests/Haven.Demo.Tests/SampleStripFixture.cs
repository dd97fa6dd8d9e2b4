using Haven.Demo;

namespace Haven.Demo.Tests;

/// <summary>One generated Sample Strip (seed 1), shared by the tests that only read it.</summary>
public sealed class SampleStripFixture
{
    public SampleStripScenario Generated { get; } = SampleStrip.Generate(new SampleStripOptions { Seed = 1 });
}
