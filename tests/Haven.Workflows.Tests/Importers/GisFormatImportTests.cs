using System.IO.Compression;
using Haven.Geo.Tests.Support;
using Haven.Storage.Importers;
using Haven.Workflows.Importers;

namespace Haven.Workflows.Tests.Importers;

/// <summary>The real layers as GIS users pass them on: GDAL's Shapefiles and GeoPackages in UTM import as the GeoJSON does.</summary>
public sealed class GisFormatImportTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [SkippableFact]
    public void The_real_blocks_as_a_zipped_utm_shapefile_and_a_utm_geopackage_import_as_the_same_603_blocks_as_the_geojson()
    {
        Skip.IfNot(Gdal.Installed && ReferenceData.Folder is not null, "GDAL and the Gaza reference layers are needed.");
        string geojson = ReferenceData.File("blocks.geojson");
        string folder = _tmp.File("shp");
        Directory.CreateDirectory(folder);
        Gdal.Run("ogr2ogr", "-f", "ESRI Shapefile", "-t_srs", "EPSG:32636", "-nln", "blocks", folder, geojson);
        string zip = _tmp.File("blocks.zip");
        ZipFile.CreateFromDirectory(folder, zip);
        string gpkg = _tmp.File("blocks.gpkg");
        Gdal.Run("ogr2ogr", "-f", "GPKG", "-t_srs", "EPSG:32636", gpkg, geojson);

        var want = ReferenceImporter.Read(geojson).Value;
        foreach (string path in new[] { zip, gpkg })
        {
            var got = ReferenceImporter.Read(path).Value;
            Assert.Equal(ReferenceLayerKind.Blocks, got.Kind);
            Assert.Equal(603, got.Blocks.Count);
            Assert.Equal(want.Blocks.Select(b => b.Number), got.Blocks.Select(b => b.Number));
            for (int i = 0; i < want.Blocks.Count; i++)
            {
                Assert.Equal(want.Blocks[i].Boundary.Centroid.X, got.Blocks[i].Boundary.Centroid.X, 1e-6);
                Assert.Equal(want.Blocks[i].Boundary.Centroid.Y, got.Blocks[i].Boundary.Centroid.Y, 1e-6);
            }
        }
    }
}
