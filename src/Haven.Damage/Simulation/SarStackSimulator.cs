using Haven.Damage.Stacks;
using Haven.Geo.Rasters;
using Haven.Geo.Sampling;

namespace Haven.Damage.Simulation;

/// <summary>
/// Simulates co-registered Sentinel-1-like intensity images (linear sigma0) of a scene: per pixel, the
/// area-weighted mean backscatter of its land-cover fractions, times a fixed built-up texture, times
/// unit-mean gamma speckle with shape L (the equivalent number of looks), whose coefficient of variation is
/// 1/sqrt(L) (Oliver and Quegan, Understanding Synthetic Aperture Radar Images, 2004, ch. 4). After the
/// event date, destroyed built-up share turns to rubble and debris covers nearby open ground.
/// Immutable; <see cref="Simulate"/> may run concurrently for different acquisitions.
/// </summary>
public sealed class SarStackSimulator
{
    private readonly SceneFractions _scene;
    private readonly BackscatterModel _model;
    private readonly DateOnly _eventDate;
    private readonly ulong _seed;
    private readonly float[] _texture;

    public SarStackSimulator(SceneFractions scene, DateOnly eventDate, ulong seed, BackscatterModel? model = null)
    {
        ArgumentNullException.ThrowIfNull(scene);
        _scene = scene;
        _model = model ?? BackscatterModel.Default;
        _eventDate = eventDate;
        _seed = seed;
        _texture = new float[scene.Grid.CellCount];
        var rng = DeterministicRandom.Fork(seed, 0x7E47);
        double sigma = _model.BuiltTextureSigma;
        for (int i = 0; i < _texture.Length; i++)
        {
            // Lognormal with mean 1: exp(sigma z - sigma^2 / 2).
            _texture[i] = (float)Math.Exp(sigma * rng.NextNormal() - sigma * sigma / 2);
        }
    }

    public RasterGrid Grid => _scene.Grid;

    public BackscatterModel Model => _model;

    public DateOnly EventDate => _eventDate;

    /// <summary>The noiseless mean sigma0 of every pixel on a date: what the speckle multiplies.</summary>
    public Raster<float> ExpectedMean(DateOnly date, Polarisation polarisation)
    {
        var m = _model;
        bool after = date > _eventDate;
        double sea = m.Sea.For(polarisation) * m.Drift(m.Sea, date);
        double open = m.Open.For(polarisation) * m.Drift(m.Open, date);
        double built = m.Built.For(polarisation) * m.Drift(m.Built, date);
        double rubble = m.Rubble.For(polarisation) * m.Drift(m.Rubble, date);
        double debris = m.Debris.For(polarisation) * m.Drift(m.Debris, date);
        var result = new Raster<float>(_scene.Grid);
        var data = result.Data;
        for (int i = 0; i < data.Length; i++)
        {
            double openShare = _scene.Open(i);
            double debrisShare = after ? Math.Min(_scene.Debris[i], openShare) : 0;
            double destroyedMean = after ? rubble : built;
            double value = _scene.Sea[i] * sea
                + (openShare - debrisShare) * open
                + debrisShare * debris
                + (_scene.Built[i] * built + _scene.Destroyed[i] * destroyedMean) * _texture[i];
            data[i] = (float)value;
        }

        return result;
    }

    /// <summary>
    /// One single-look complex acquisition. Each land-cover part of a pixel contributes
    /// sqrt(I_c) (rho_c u_c + sqrt(1 - rho_c^2) n_c,t): u_c a fixed complex Gaussian scatterer response of
    /// the pixel, n_c,t fresh noise for the date, rho_c the part's temporal coherence (sea 0, open ground 0.5,
    /// built-up 0.9). Destroyed buildings and debris get a new u after the event, so coherence across the
    /// event is lost where they are. Intensity |s|^2 has mean I: single-look (exponential) speckle.
    /// </summary>
    public Raster<ComplexFloat> SimulateComplex(DateOnly date, Polarisation polarisation)
    {
        var m = _model;
        bool after = date > _eventDate;
        var mean = (Sea: m.Sea.For(polarisation) * m.Drift(m.Sea, date), Open: m.Open.For(polarisation) * m.Drift(m.Open, date),
            Built: m.Built.For(polarisation) * m.Drift(m.Built, date), Rubble: m.Rubble.For(polarisation) * m.Drift(m.Rubble, date),
            Debris: m.Debris.For(polarisation) * m.Drift(m.Debris, date));
        ulong pol = (ulong)polarisation + 1;
        // Fixed responses: one stream per part (and per epoch for parts the event rearranges).
        var uSea = DeterministicRandom.Fork(_seed, 0xC0, 1, pol);
        var uOpen = DeterministicRandom.Fork(_seed, 0xC0, 2, pol);
        var uBuilt = DeterministicRandom.Fork(_seed, 0xC0, 3, pol);
        var uDestroyed = DeterministicRandom.Fork(_seed, 0xC0, after ? 5UL : 4UL, pol);
        var noise = DeterministicRandom.Fork(_seed, 0xC1, (ulong)date.DayNumber, pol);
        var result = new Raster<ComplexFloat>(_scene.Grid);
        var data = result.Data;
        for (int i = 0; i < data.Length; i++)
        {
            double openShare = _scene.Open(i);
            double debrisShare = after ? Math.Min(_scene.Debris[i], openShare) : 0;
            double re = 0, im = 0;
            Add(_scene.Sea[i] * mean.Sea, SeaCoherence, uSea);
            Add((openShare - debrisShare) * mean.Open, OpenCoherence, uOpen);
            Add(debrisShare * mean.Debris, OpenCoherence, uDestroyed);
            Add(_scene.Built[i] * mean.Built * _texture[i], BuiltCoherence, uBuilt);
            Add(_scene.Destroyed[i] * (after ? mean.Rubble : mean.Built) * _texture[i], BuiltCoherence, uDestroyed);
            data[i] = new ComplexFloat((float)re, (float)im);

            void Add(double intensity, double rho, DeterministicRandom fixedResponse)
            {
                // Draw from the fixed stream even for empty parts, so each pixel keeps its own response.
                double ur = fixedResponse.NextNormal() * Math.Sqrt(0.5), ui = fixedResponse.NextNormal() * Math.Sqrt(0.5);
                double nr = noise.NextNormal() * Math.Sqrt(0.5), ni = noise.NextNormal() * Math.Sqrt(0.5);
                if (intensity <= 0)
                {
                    return;
                }

                double a = Math.Sqrt(intensity), b = Math.Sqrt(1 - rho * rho);
                re += a * (rho * ur + b * nr);
                im += a * (rho * ui + b * ni);
            }
        }

        return result;
    }

    /// <summary>Temporal coherence of each land-cover part in the complex mode.</summary>
    public const double SeaCoherence = 0, OpenCoherence = 0.5, BuiltCoherence = 0.9;

    /// <summary>One acquisition: the expected mean times independent unit-mean gamma speckle.</summary>
    public Raster<float> Simulate(DateOnly date, Polarisation polarisation)
    {
        var raster = ExpectedMean(date, polarisation);
        var rng = DeterministicRandom.Fork(_seed, (ulong)date.DayNumber, (ulong)polarisation + 1);
        double looks = _model.Looks;
        var data = raster.Data;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)(data[i] * rng.NextGamma(looks, 1 / looks));
        }

        return raster;
    }
}
