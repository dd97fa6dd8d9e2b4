using System.Buffers.Binary;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;

namespace Haven.Geo.Vector;

/// <summary>
/// A GeoPackage geometry blob (OGC 12-128r18 section 2.1.3): the "GP" header (version, flags, srs_id, optional
/// envelope) and a WKB geometry, standard or ISO, in either byte order. Points, lines, polygons, their multi forms
/// and collections are read (Z and M values are dropped: Haven works in two dimensions); anything else, and any
/// count that overruns the blob, is a <see cref="FormatException"/>. Read straight from the bytes into coordinate
/// arrays, several times faster than a stream-based WKB reader on tens of thousands of small footprints.
/// </summary>
internal static class GeoPackageBlob
{
    public static Geometry Read(ReadOnlySpan<byte> blob, GeometryFactory factory)
    {
        var reader = new Wkb(Body(blob, out bool empty), factory);
        if (empty && reader.Remaining == 0)
        {
            return factory.CreateGeometryCollection();
        }

        return reader.Geometry(0);
    }

    /// <summary>
    /// The one ring of a polygon without holes, the common building footprint, as x and y arrays; false for anything
    /// else (other types, holes, a blob that cannot be read), which <see cref="Read"/> then reads or explains.
    /// </summary>
    public static bool TryReadSimplePolygon(ReadOnlySpan<byte> blob, out double[] xs, out double[] ys)
    {
        xs = ys = [];
        try
        {
            var body = Body(blob, out _);
            if (body.Length < 13 || body[0] > 1)
            {
                return false;
            }

            bool little = body[0] == 1;
            uint code = little ? BinaryPrimitives.ReadUInt32LittleEndian(body[1..]) : BinaryPrimitives.ReadUInt32BigEndian(body[1..]);
            uint rings = little ? BinaryPrimitives.ReadUInt32LittleEndian(body[5..]) : BinaryPrimitives.ReadUInt32BigEndian(body[5..]);
            if ((code & 0x0FFFFFFF) % 1000 != 3 || rings != 1)
            {
                return false;
            }

            var reader = new Wkb(body[9..], null!) { Little = little };
            bool z = (code & 0x80000000) != 0 || code % 10000 / 1000 is 1 or 3;
            bool m = (code & 0x40000000) != 0 || code % 10000 / 1000 is 2 or 3;
            (xs, ys) = reader.Ring(2 + (z ? 1 : 0) + (m ? 1 : 0));
            return reader.Remaining == 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The WKB after the "GP" header and its envelope; <paramref name="empty"/> is the header's empty flag.</summary>
    private static ReadOnlySpan<byte> Body(ReadOnlySpan<byte> blob, out bool empty)
    {
        if (blob.Length < 8 || blob[0] != (byte)'G' || blob[1] != (byte)'P')
        {
            throw new FormatException("not a GeoPackage geometry (no \"GP\" header)");
        }

        byte flags = blob[3];
        if ((flags & 0x20) != 0)
        {
            throw new FormatException("an extended GeoPackage geometry type, which Haven does not read");
        }

        int envelope = (flags >> 1) & 0x7;
        int envelopeBytes = envelope switch
        {
            0 => 0,
            1 => 32,
            2 or 3 => 48,
            4 => 64,
            _ => throw new FormatException($"envelope indicator {envelope} is not one the GeoPackage standard defines"),
        };
        empty = (flags & 0x10) != 0;
        if (blob.Length < 8 + envelopeBytes)
        {
            throw new FormatException("the blob ends inside its header's envelope");
        }

        return blob[(8 + envelopeBytes)..];
    }

    private ref struct Wkb(ReadOnlySpan<byte> bytes, GeometryFactory factory)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _at;
        private bool _little;

        /// <summary>Whether numbers are little-endian; set by each geometry's byte-order mark.</summary>
        public bool Little
        {
            readonly get => _little;
            init => _little = value;
        }

        public readonly int Remaining => _bytes.Length - _at;

        public Geometry Geometry(int depth)
        {
            if (depth > 16)
            {
                throw new FormatException("geometry collections nested more than 16 deep");
            }

            _little = Byte() switch
            {
                1 => true,
                0 => false,
                var b => throw new FormatException($"WKB byte order {b} is neither 0 nor 1"),
            };
            uint code = UInt();
            // EWKB flags (PostGIS) and ISO codes (1000s for Z, 2000s for M, 3000s for ZM) give the dimensions.
            bool z = (code & 0x80000000) != 0 || code % 10000 / 1000 is 1 or 3;
            bool m = (code & 0x40000000) != 0 || code % 10000 / 1000 is 2 or 3;
            int dimensions = 2 + (z ? 1 : 0) + (m ? 1 : 0);
            uint type = (code & 0x0FFFFFFF) % 1000;
            return type switch
            {
                1 => Point(dimensions),
                2 => factory.CreateLineString(Sequence(dimensions)),
                3 => Polygon(dimensions),
                4 => factory.CreateMultiPoint(Parts<Point>(depth)),
                5 => factory.CreateMultiLineString(Parts<LineString>(depth)),
                6 => factory.CreateMultiPolygon(Parts<Polygon>(depth)),
                7 => factory.CreateGeometryCollection(Parts<Geometry>(depth)),
                _ => throw new FormatException($"WKB geometry type {type} (curves, surfaces, TINs) is not read"),
            };
        }

        private Point Point(int dimensions)
        {
            double x = Double(), y = Double();
            Skip(dimensions - 2);
            return double.IsNaN(x) && double.IsNaN(y) ? factory.CreatePoint() : factory.CreatePoint(new Coordinate(x, y));
        }

        private Polygon Polygon(int dimensions)
        {
            int rings = Count(4);
            if (rings == 0)
            {
                return factory.CreatePolygon();
            }

            var shell = factory.CreateLinearRing(Sequence(dimensions));
            var holes = new LinearRing[rings - 1];
            for (int i = 0; i < holes.Length; i++)
            {
                holes[i] = factory.CreateLinearRing(Sequence(dimensions));
            }

            return factory.CreatePolygon(shell, holes);
        }

        private T[] Parts<T>(int depth)
            where T : Geometry
        {
            var parts = new T[Count(5)];
            for (int i = 0; i < parts.Length; i++)
            {
                parts[i] = Geometry(depth + 1) as T ?? throw new FormatException($"a multi-geometry holds a part that is not a {typeof(T).Name}");
            }

            return parts;
        }

        /// <summary>The vertices as one packed array of x, y pairs: a single allocation, not one object per vertex.</summary>
        private PackedDoubleCoordinateSequence Sequence(int dimensions)
        {
            int n = Count(8 * dimensions);
            var coordinates = new double[2 * n];
            for (int i = 0; i < n; i++)
            {
                coordinates[2 * i] = Double();
                coordinates[(2 * i) + 1] = Double();
                Skip(dimensions - 2);
            }

            return new PackedDoubleCoordinateSequence(coordinates, 2, 0);
        }

        /// <summary>A ring's vertices as separate x and y arrays, for <see cref="TryReadSimplePolygon"/>.</summary>
        public (double[] X, double[] Y) Ring(int dimensions)
        {
            int n = Count(8 * dimensions);
            var xs = new double[n];
            var ys = new double[n];
            for (int i = 0; i < n; i++)
            {
                xs[i] = Double();
                ys[i] = Double();
                Skip(dimensions - 2);
            }

            return (xs, ys);
        }

        /// <summary>A count, checked against the bytes left before anything is allocated for it.</summary>
        private int Count(int bytesEach)
        {
            uint n = UInt();
            if ((long)n * bytesEach > Remaining)
            {
                throw new FormatException($"WKB declares {n} elements, more than its {Remaining} remaining bytes can hold");
            }

            return (int)n;
        }

        private byte Byte()
        {
            Need(1);
            return _bytes[_at++];
        }

        private uint UInt()
        {
            Need(4);
            uint v = _little ? BinaryPrimitives.ReadUInt32LittleEndian(_bytes[_at..]) : BinaryPrimitives.ReadUInt32BigEndian(_bytes[_at..]);
            _at += 4;
            return v;
        }

        private double Double()
        {
            Need(8);
            double v = _little ? BinaryPrimitives.ReadDoubleLittleEndian(_bytes[_at..]) : BinaryPrimitives.ReadDoubleBigEndian(_bytes[_at..]);
            _at += 8;
            return v;
        }

        private void Skip(int doubles)
        {
            Need(8 * doubles);
            _at += 8 * doubles;
        }

        private readonly void Need(int bytes)
        {
            if (_at + bytes > _bytes.Length)
            {
                throw new FormatException("the WKB ends in the middle of a geometry");
            }
        }
    }
}
