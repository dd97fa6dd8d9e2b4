#!/usr/bin/env python3
"""Writes the zonal statistics workload: a 2,000 x 2,000 Float32 GeoTIFF in UTM zone 36N (10 m cells, 256-pixel
tiles; DEFLATE with the floating-point predictor, or uncompressed with --uncompressed) and 30,000 rotated
rectangles 8-25 m a side in a GeoPackage (layer "footprints", integer "id"). Synthetic and seeded: the same files
on every run."""
import argparse
import math
import random

import numpy as np
from osgeo import gdal, ogr, osr

gdal.UseExceptions()
parser = argparse.ArgumentParser()
parser.add_argument("folder")
parser.add_argument("--size", type=int, default=2000)
parser.add_argument("--polygons", type=int, default=30000)
parser.add_argument("--uncompressed", action="store_true")
args = parser.parse_args()

size, cell, x0, y0 = args.size, 10.0, 600000.0, 3500000.0
srs = osr.SpatialReference()
srs.ImportFromEPSG(32636)
rng = np.random.default_rng(7)
# A smooth field with noise, so neighbouring cells differ as backscatter does.
yy, xx = np.mgrid[0:size, 0:size]
values = (np.sin(xx / 37.0) + np.cos(yy / 53.0) + rng.normal(0, 0.3, (size, size))).astype(np.float32)
options = ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256"] + ([] if args.uncompressed else ["COMPRESS=DEFLATE", "PREDICTOR=3"])
raster = gdal.GetDriverByName("GTiff").Create(f"{args.folder}/raster.tif", size, size, 1, gdal.GDT_Float32, options)
raster.SetGeoTransform((x0, cell, 0, y0, 0, -cell))
raster.SetProjection(srs.ExportToWkt())
raster.GetRasterBand(1).WriteArray(values)
raster = None

random.seed(11)
source = ogr.GetDriverByName("GPKG").CreateDataSource(f"{args.folder}/polygons.gpkg")
layer = source.CreateLayer("footprints", srs, ogr.wkbPolygon)
layer.CreateField(ogr.FieldDefn("id", ogr.OFTInteger))
layer.StartTransaction()
extent = size * cell
for i in range(args.polygons):
    cx, cy = x0 + random.uniform(30, extent - 30), y0 - random.uniform(30, extent - 30)
    w, h, a = random.uniform(8, 25), random.uniform(8, 25), random.uniform(0, math.pi)
    corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2), (-w / 2, -h / 2)]
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for dx, dy in corners:
        ring.AddPoint_2D(cx + dx * math.cos(a) - dy * math.sin(a), cy + dx * math.sin(a) + dy * math.cos(a))
    polygon = ogr.Geometry(ogr.wkbPolygon)
    polygon.AddGeometry(ring)
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetField("id", i + 1)
    feature.SetGeometry(polygon)
    layer.CreateFeature(feature)
layer.CommitTransaction()
source = None
