using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace Haven.Demo;

/// <summary>A numbered block in local metres, with its district (0 north, 1 central, 2 south).</summary>
internal sealed record LocalBlock(int Number, int District, int Row, Geometry Shape);

/// <summary>
/// Cuts the land into a square grid of numbered blocks and groups rows of blocks into three districts.
/// Grid cells that the coast leaves small are merged into their eastern neighbour, so no block is a sliver.
/// Blocks are numbered per district (101, 102, ... in the north; 201, ... central; 301, ... south), row by row
/// from the north-west, as published block maps number them.
/// </summary>
internal static class StripBlocks
{
    private const double SliverShare = 0.35;

    public static IReadOnlyList<LocalBlock> Build(StripGeography geo)
    {
        var o = geo.Options;
        double size = o.BlockSizeMetres;
        int rows = (int)Math.Round(o.HeightMetres / size);
        int columns = (int)Math.Ceiling(o.WidthMetres / size);
        var shapesByRow = new List<(int Row, List<Geometry> Shapes)>();
        for (int row = rows - 1; row >= 0; row--)
        {
            var shapes = new List<Geometry>();
            for (int k = 0; k < columns; k++)
            {
                double maxX = o.WidthMetres - k * size;
                double minX = Math.Max(0, maxX - size);
                var cell = geo.Factory.ToGeometry(new Envelope(minX, maxX, row * size, (row + 1) * size));
                var piece = cell.Intersection(geo.Land);
                if (piece.IsEmpty)
                {
                    continue;
                }

                if (piece.Area < SliverShare * size * size && shapes.Count > 0)
                {
                    shapes[^1] = shapes[^1].Union(piece);
                }
                else
                {
                    shapes.Add(piece);
                }

            }

            shapes.Reverse(); // west to east
            shapesByRow.Add((row, shapes));
        }

        var blocks = new List<LocalBlock>();
        var nextNumber = new int[3];
        foreach (var (row, shapes) in shapesByRow)
        {
            int district = DistrictOfRow(row, rows);
            foreach (var shape in shapes)
            {
                int number = (district + 1) * 100 + ++nextNumber[district];
                blocks.Add(new LocalBlock(number, district, row, Single(shape)));
            }
        }

        return blocks;
    }

    /// <summary>District of a row of blocks: the northern 7/20, the central 6/20 and the southern 7/20 of rows.</summary>
    public static int DistrictOfRow(int row, int rows)
    {
        int southRows = (int)Math.Round(rows * 0.35);
        int centralRows = (int)Math.Round(rows * 0.30);
        return row < southRows ? 2 : row < southRows + centralRows ? 1 : 0;
    }

    /// <summary>The district boundaries: the union of each district's blocks.</summary>
    public static IReadOnlyList<Geometry> Districts(IReadOnlyList<LocalBlock> blocks) =>
        [.. Enumerable.Range(0, 3).Select(d => CascadedPolygonUnion.Union([.. blocks.Where(b => b.District == d).Select(b => b.Shape)]))];

    private static Geometry Single(Geometry shape) =>
        shape is GeometryCollection { NumGeometries: > 1 } collection
            ? collection.Geometries.MaxBy(g => g.Area)!
            : shape is GeometryCollection c ? c.GetGeometryN(0) : shape;
}
