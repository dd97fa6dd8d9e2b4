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
