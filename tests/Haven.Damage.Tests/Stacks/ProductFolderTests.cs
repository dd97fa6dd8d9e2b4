using Haven.Damage.Stacks;
using Haven.Damage.Stacks.Products;
using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;
using Haven.Geo.Tests.Support;

namespace Haven.Damage.Tests.Stacks;

/// <summary>
/// Products recognised in a folder as they are downloaded: the real OPERA RTC-S1 files where they lie, and
/// synthetic (tiny, made here) files under real HyP3 and STAC naming for the kinds the samples do not hold.
/// </summary>
public sealed class ProductFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("haven-products-").FullName;

    private static string? Samples => ReferenceData.S1Samples;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public void Every_real_opera_file_is_recognised_with_track_burst_platform_date_and_polarisation_from_its_name()
    {
        Skip.If(Samples is null, ReferenceData.NoS1Samples);
        string folder = Path.Combine(Samples!, "opera_rtc_s1_png_T009", "T009_019294_IW2_cropped");

        var scan = ProductFolder.Scan(folder).Value;

        Assert.Empty(scan.Skipped);
        Assert.Equal(10, scan.Products.Count);
        Assert.All(scan.Products, p =>
        {
            Assert.Equal("OPERA RTC-S1", p.Kind);
            Assert.Equal(9, p.Track);
            Assert.Equal("019294-IW2", p.Burst);
            Assert.Equal("S1A", p.Platform);
            Assert.Equal(Polarisation.VH, p.Polarisation);
            Assert.Equal(RadarScale.Linear, p.Scale);
        });
        Assert.Equal(
            ["2024-01-23", "2024-02-04", "2024-02-16", "2024-02-28", "2024-03-11", "2024-03-23", "2024-04-04", "2024-04-16", "2024-04-28", "2024-05-22"],
            scan.Products.Select(p => p.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(new DateTimeOffset(2024, 3, 11, 8, 47, 47, TimeSpan.Zero), scan.Products[4].Acquired);
    }

    [SkippableFact]
    public void A_folder_holding_the_same_acquisitions_twice_uses_the_first_and_lists_every_other_file_with_its_reason()
    {
        Skip.If(Samples is null, ReferenceData.NoS1Samples);
        // The raw VH crop and its despeckled copy share burst, time and polarisation; the licence and readme are not images.
        string folder = Path.Combine(Samples!, "opera_rtc_s1_png_T009");

        var scan = ProductFolder.Scan(folder).Value;

        Assert.Equal(20, scan.Products.Count);
        Assert.Equal(10, scan.Products.Count(p => p.Polarisation == Polarisation.VH && !p.Path.Contains("_tv", StringComparison.Ordinal)));
        Assert.Equal(10, scan.Products.Count(p => p.Polarisation == Polarisation.VV));
        var duplicates = scan.Skipped.Where(s => s.Reason.StartsWith("the same acquisition as", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, duplicates.Count);
        Assert.All(duplicates, d => Assert.Contains("_VH_tv_cropped.tif", d.Path, StringComparison.Ordinal));
        Assert.Equal(["LICENSE.txt", "README.txt"], scan.Skipped.Except(duplicates).Select(s => Path.GetFileName(s.Path)));
        Assert.All(scan.Skipped.Except(duplicates), s => Assert.StartsWith("not a GeoTIFF image", s.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void A_geotiff_with_an_unknown_name_is_skipped_with_a_reason_that_says_how_to_list_it()
    {
        Tiny(Path.Combine(_dir, "backscatter_march.tif"));

        var scan = ProductFolder.Scan(_dir).Value;

        Assert.Empty(scan.Products);
        var tif = Assert.Single(scan.Skipped);
        Assert.Contains("not that of an OPERA RTC-S1, HyP3 RTC or pyroSAR product", tif.Reason, StringComparison.Ordinal);
        Assert.Contains("path,date,orbit,polarisation[,scale]", tif.Reason, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void The_real_pyrosar_gamma_scene_is_recognised_from_its_name_as_vv_in_db_ascending_on_2015_03_09_grouped_by_time_of_day()
    {
        Skip.If(Samples is null, ReferenceData.NoS1Samples);
        var scan = ProductFolder.Scan(Path.Combine(Samples!, "pyrosar_geocoded_db")).Value;

        var scene = Assert.Single(scan.Products);
        Assert.Equal(("pyroSAR", "S1A", Polarisation.VV, RadarScale.Db, "ascending"), (scene.Kind, scene.Platform, scene.Polarisation, scene.Scale, scene.Pass));
        Assert.Equal(new DateTimeOffset(2015, 3, 9, 17, 30, 17, TimeSpan.Zero), scene.Acquired);
        Assert.Equal(ProductFolder.TimeOfDayTrackBase + 17 * 60 + 30, scene.Track);
        Assert.Equal("time of day 17:30 UTC (nothing gives the relative orbit)", scene.TrackSource);
        Assert.Equal("README.txt", Path.GetFileName(Assert.Single(scan.Skipped).Path));
        Assert.Contains(scan.Notes, n => n.StartsWith("1 pyroSAR image(s), whose names give no orbit number: their relative orbit is unknown", StringComparison.Ordinal));
    }

    [Fact]
    public void A_product_name_whose_acquisition_time_is_no_date_is_skipped_with_that_reason_for_every_kind()
    {
        // Synthetic files under the three naming schemes, with a 13th month or a 99th second.
        Tiny(Path.Combine(_dir, "OPERA_L2_RTC-S1_T009-019294-IW2_20241345T084748Z_20240123T162136Z_S1A_30_v1.0_VH.tif"));
        Tiny(Path.Combine(_dir, "S1A_IW_20180132T161201_DVP_RTC30_G_gpuned_FD6A_VV.tif"));
        Tiny(Path.Combine(_dir, "S1A__IW___A_20150309T173099_VV_grd_mli_geo_norm_db.tif"));

        var scan = ProductFolder.Scan(_dir).Value;

        Assert.Empty(scan.Products);
        Assert.Equal(
            ["OPERA RTC-S1 file, its acquisition time 20241345T084748 is not a date and time (expected yyyyMMddTHHmmss)",
             "HyP3 RTC file, its acquisition time 20180132T161201 is not a date and time (expected yyyyMMddTHHmmss)",
             "pyroSAR file, its acquisition time 20150309T173099 is not a date and time (expected yyyyMMddTHHmmss)"],
            scan.Skipped.OrderBy(s => Path.GetFileName(s.Path), StringComparer.Ordinal).Select(s => s.Reason));
    }

    [Fact]
    public void Pyrosar_names_give_the_scale_from_a_final_db_and_skip_layers_that_are_not_backscatter()
    {
        // Synthetic files under pyroSAR's naming: a descending VH scene in linear units, and an incidence-angle layer.
        Tiny(Path.Combine(_dir, "S1B__IW___D_20200105T034512_VH_grd_mli_geo_norm.tif"));
        Tiny(Path.Combine(_dir, "S1B__IW___D_20200105T034512_inc_geo.tif"));

        var scan = ProductFolder.Scan(_dir).Value;

        var vh = Assert.Single(scan.Products);
        Assert.Equal((Polarisation.VH, RadarScale.Linear, "descending", ProductFolder.TimeOfDayTrackBase + 3 * 60 + 45), (vh.Polarisation, vh.Scale, vh.Pass, vh.Track));
        Assert.Equal("pyroSAR file, not a backscatter layer (inc)", Assert.Single(scan.Skipped).Reason);
    }

    [Fact]
    public void Hyp3_names_give_date_polarisation_and_scale_and_the_readme_gives_the_relative_orbit()
    {
        string product = "S1A_IW_20180128T161201_DVP_RTC30_G_gpuned_FD6A";
        string dbProduct = "S1A_IW_20180209T161200_DVP_RTC30_G_gduned_1B2C";
        string folder = Directory.CreateDirectory(Path.Combine(_dir, product)).FullName;
        Tiny(Path.Combine(folder, product + "_VV.tif"));
        Tiny(Path.Combine(folder, product + "_VH.tif"));
        Tiny(Path.Combine(folder, product + "_area.tif"));
        File.WriteAllText(Path.Combine(folder, product + ".README.md.txt"),
            "The source granule is S1A_IW_GRDH_1SDV_20180128T161201_20180128T161226_020357_022CD4_FD6A.\n");
        Tiny(Path.Combine(_dir, dbProduct + "_VV.tif"));

        var scan = ProductFolder.Scan(_dir).Value;

        var power = scan.Products.Where(p => p.Date == new DateOnly(2018, 1, 28)).OrderBy(p => p.Polarisation).ToList();
        Assert.Equal([Polarisation.VV, Polarisation.VH], power.Select(p => p.Polarisation));
        // Sentinel-1A: relative orbit = (absolute - 73) mod 175 + 1; 20357 - 73 = 20284 = 115 x 175 + 159.
        Assert.All(power, p => Assert.Equal(160, p.Track));
        Assert.All(power, p => Assert.Equal(RadarScale.Linear, p.Scale));
        Assert.All(power, p => Assert.Equal($"metadata file {product}.README.md.txt", p.TrackSource));
        var db = Assert.Single(scan.Products, p => p.Date == new DateOnly(2018, 2, 9));
        Assert.Equal(RadarScale.Db, db.Scale);
        Assert.Equal(ProductFolder.TimeOfDayTrackBase + 16 * 60 + 12, db.Track);
        Assert.Contains("time of day 16:12 UTC", db.TrackSource, StringComparison.Ordinal);
        Assert.Contains(scan.Notes, n => n.Contains("grouped into tracks by time of day", StringComparison.Ordinal));
        var area = Assert.Single(scan.Skipped, s => s.Path.EndsWith("_area.tif", StringComparison.Ordinal));
        Assert.Equal("HyP3 RTC file, not a backscatter layer (area)", area.Reason);
    }

    [Theory]
    [InlineData(73, 1)]
    [InlineData(247, 175)]
    [InlineData(248, 1)]
    [InlineData(20357, 160)]
    public void Sentinel_1a_relative_orbit_follows_the_175_orbit_cycle_from_absolute_orbit_73(int absolute, int relative) =>
        Assert.Equal(relative, ProductNames.RelativeOrbit("S1A", absolute));

    [Fact]
    public void A_stac_item_beside_its_cogs_gives_track_pass_and_time_and_its_db_band_unit_is_honoured()
    {
        Tiny(Path.Combine(_dir, "iw-vv.rtc.tiff"));
        Tiny(Path.Combine(_dir, "iw-vh.rtc.tiff"));
        File.WriteAllText(Path.Combine(_dir, "item.json"), """
            {"type":"Feature","stac_version":"1.0.0","id":"S1A_IW_GRDH_1SDV_20231020T154200",
             "properties":{"datetime":"2023-10-20T15:42:00.5Z","platform":"SENTINEL-1A","sat:relative_orbit":160,
                           "sat:orbit_state":"ascending","sar:polarizations":["VV","VH"]},
             "assets":{"vv":{"href":"https://example.invalid/rtc/measurement/iw-vv.rtc.tiff"},
                       "vh":{"href":"iw-vh.rtc.tiff","raster:bands":[{"unit":"dB"}]},
                       "thumbnail":{"href":"preview.png"}}}
            """);

        var scan = ProductFolder.Scan(_dir).Value;

        Assert.Empty(scan.Skipped);
        Assert.Equal(2, scan.Products.Count);
        Assert.All(scan.Products, p =>
        {
            Assert.Equal(160, p.Track);
            Assert.Equal("ascending", p.Pass);
            Assert.Equal("S1A", p.Platform);
            Assert.Equal(new DateOnly(2023, 10, 20), p.Date);
        });
        Assert.Equal(RadarScale.Linear, scan.Products.Single(p => p.Polarisation == Polarisation.VV).Scale);
        Assert.Equal(RadarScale.Db, scan.Products.Single(p => p.Polarisation == Polarisation.VH).Scale);
    }

    [Fact]
    public void A_stac_item_whose_asset_was_not_downloaded_is_listed_with_the_asset_and_its_href()
    {
        Tiny(Path.Combine(_dir, "iw-vh.rtc.tiff"));
        File.WriteAllText(Path.Combine(_dir, "item.json"), """
            {"type":"Feature","stac_version":"1.0.0","id":"S1A_IW_GRDH_1SDV_20231020T154200",
             "properties":{"datetime":"2023-10-20T15:42:00.5Z","sat:relative_orbit":160},
             "assets":{"vv":{"href":"https://example.invalid/rtc/measurement/iw-vv.rtc.tiff"},"vh":{"href":"iw-vh.rtc.tiff"}}}
            """);

        var scan = ProductFolder.Scan(_dir).Value;

        Assert.Equal(Polarisation.VH, Assert.Single(scan.Products).Polarisation);
        var missing = Assert.Single(scan.Skipped);
        Assert.Equal((Path.Combine(_dir, "item.json"), "the STAC item's VV asset is not in the folder (its href is https://example.invalid/rtc/measurement/iw-vv.rtc.tiff); download it beside the item"),
            (missing.Path, missing.Reason));
    }

    [Fact]
    public void A_manifest_in_the_folder_lists_any_geotiff_and_its_scale_column_overrides_the_name()
    {
        string hyp3 = "S1A_IW_20180128T161201_DVP_RTC30_G_gpuned_FD6A_VV.tif";
        Tiny(Path.Combine(_dir, hyp3));
        Tiny(Path.Combine(_dir, "scene_2015.tif"));
        File.WriteAllText(Path.Combine(_dir, "stack.csv"),
            $"path,date,orbit,polarisation,scale\nscene_2015.tif,2015-03-09,88,VV,db\n{hyp3},2018-01-28,160,VV,amplitude\n");

        var scan = ProductFolder.Scan(_dir).Value;

        Assert.Empty(scan.Skipped);
        var scene = scan.Products.Single(p => p.Path.EndsWith("scene_2015.tif", StringComparison.Ordinal));
        Assert.Equal((88, RadarScale.Db, new DateOnly(2015, 3, 9)), (scene.Track, scene.Scale, scene.Date));
        Assert.Equal(RadarScale.Amplitude, scan.Products.Single(p => p.Path.EndsWith(hyp3, StringComparison.Ordinal)).Scale);
    }

    [Fact]
    public void Opera_images_take_the_layover_shadow_mask_of_their_product_beside_them_and_a_mask_alone_is_skipped_with_that_reason()
    {
        // Synthetic files under OPERA's naming: one product with VV, VH and its mask; one with VV only; one mask alone.
        const string withMask = "OPERA_L2_RTC-S1_T087-185683-IW2_20231011T034512Z_20231012T101010Z_S1A_30_v1.0";
        const string withoutMask = "OPERA_L2_RTC-S1_T087-185683-IW2_20231023T034512Z_20231024T101010Z_S1A_30_v1.0";
        const string maskAlone = "OPERA_L2_RTC-S1_T087-185683-IW2_20231104T034512Z_20231105T101010Z_S1A_30_v1.0";
        Tiny(Path.Combine(_dir, withMask + "_VV.tif"));
        Tiny(Path.Combine(_dir, withMask + "_VH.tif"));
        Tiny(Path.Combine(_dir, withMask + "_mask.tif"));
        Tiny(Path.Combine(_dir, withoutMask + "_VV.tif"));
        Tiny(Path.Combine(_dir, maskAlone + "_mask.tif"));

        var scan = ProductFolder.Scan(_dir).Value;

        var masked = scan.Products.Where(p => p.Date == new DateOnly(2023, 10, 11)).ToList();
        Assert.Equal(2, masked.Count);
        Assert.All(masked, p => Assert.Equal(new LayoverShadowMask(Path.Combine(_dir, withMask + "_mask.tif"), MaskCoding.Opera), p.Mask));
        Assert.Null(Assert.Single(scan.Products, p => p.Date == new DateOnly(2023, 10, 23)).Mask);
        var alone = Assert.Single(scan.Skipped);
        Assert.Equal((Path.Combine(_dir, maskAlone + "_mask.tif"), ProductNames.OperaMaskAlone), (alone.Path, alone.Reason));
        Assert.StartsWith("2 OPERA RTC-S1 image(s) came with their product's layover/shadow mask", ProductFolder.MaskNote(scan.Products), StringComparison.Ordinal);
    }

    [Fact]
    public void Hyp3_images_take_the_layover_shadow_map_of_their_product_and_a_map_alone_is_skipped_with_that_reason()
    {
        // Synthetic files under HyP3's naming: a product with VV, VH and its _ls_map; another product's _ls_map alone.
        const string product = "S1A_IW_20180128T161201_DVP_RTC30_G_gpuned_FD6A";
        const string other = "S1A_IW_20180209T161200_DVP_RTC30_G_gpuned_1B2C";
        Tiny(Path.Combine(_dir, product + "_VV.tif"));
        Tiny(Path.Combine(_dir, product + "_VH.tif"));
        Tiny(Path.Combine(_dir, product + "_ls_map.tif"));
        Tiny(Path.Combine(_dir, other + "_ls_map.tif"));

        var scan = ProductFolder.Scan(_dir).Value;

        Assert.Equal(2, scan.Products.Count);
        Assert.All(scan.Products, p => Assert.Equal(new LayoverShadowMask(Path.Combine(_dir, product + "_ls_map.tif"), MaskCoding.Gamma), p.Mask));
        var alone = Assert.Single(scan.Skipped);
        Assert.Equal((Path.Combine(_dir, other + "_ls_map.tif"), ProductNames.Hyp3MaskAlone), (alone.Path, alone.Reason));
        Assert.StartsWith("2 HyP3 RTC image(s) came with their product's layover/shadow mask", ProductFolder.MaskNote(scan.Products), StringComparison.Ordinal);
    }

    [Fact]
    public void Opera_static_layers_and_zipped_products_are_skipped_with_what_they_are_and_what_to_do()
    {
        // Synthetic files under OPERA's static-layer naming, and a HyP3 product still zipped.
        Tiny(Path.Combine(_dir, "OPERA_L2_RTC-S1-STATIC_T069-147170-IW1_20140403_S1A_30_v1.0_local_incidence_angle.tif"));
        File.WriteAllBytes(Path.Combine(_dir, "S1A_IW_20180128T161201_DVP_RTC30_G_gpuned_FD6A.zip"), [0x50, 0x4B, 0x03, 0x04]);

        var scan = ProductFolder.Scan(_dir).Value;

        Assert.Empty(scan.Products);
        Assert.Equal(
            ["OPERA RTC-S1 static layer (local incidence angle), made once per burst; not backscatter",
             "an archive (HyP3 and ASF deliver products zipped); unzip it into the folder so that its images can be read"],
            scan.Skipped.OrderBy(s => Path.GetFileName(s.Path), StringComparer.Ordinal).Select(s => s.Reason));
    }

    [Theory]
    [InlineData("OPERA_L2_RTC-S1_T009-019294-IW2_20240123T084748Z_20240123T162136Z_S1A_30_v1.0_VH.tif", "OPERA_L2_RTC-S1_T009-019294-IW2_20240123T084748Z_20240123T162136Z_S1A_30_v1.0_mask.tif")]
    [InlineData("OPERA_L2_RTC-S1_T009-019294-IW2_20240123T084748Z_20240123T162136Z_S1A_30_v1.0_VV_tv_cropped.tif", "OPERA_L2_RTC-S1_T009-019294-IW2_20240123T084748Z_20240123T162136Z_S1A_30_v1.0_mask_tv_cropped.tif")]
    [InlineData("OPERA_L2_RTC-S1_T009-019294-IW2_20240123T084748Z_20240123T162136Z_S1A_30_v1.0_mask.tif", null)]
    [InlineData("S1A_IW_20180128T161201_DVP_RTC30_G_gpuned_FD6A_VV.tif", null)]
    public void The_mask_of_an_opera_image_is_named_as_the_image_with_its_polarisation_replaced_by_mask(string image, string? mask) =>
        Assert.Equal(mask, ProductNames.OperaMaskName(Path.Combine("/data", image)));

    [Fact]
    public void A_missing_folder_is_a_problem_naming_it() =>
        Assert.Equal("stack.not_found", ProductFolder.Scan(Path.Combine(_dir, "nowhere")).Problem!.Code);

    internal static void Tiny(string path, float value = 0.25f)
    {
        var grid = new RasterGrid(4, 4, GeoTransform.NorthUp(500_000, 3_500_040, 10, 10), 32636);
        GeoTiffWriter.Write(path, grid, [Enumerable.Repeat(value, 16).ToArray()], null, new GeoTiffWriteOptions { Compression = GeoTiffCompression.None });
    }
}
