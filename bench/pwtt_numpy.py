#!/usr/bin/python3
"""PWTT written straight in numpy/scipy, reading with GDAL: the tool a user would pick instead of Haven.

The formulas are those of docs/methods/damage.md (Ballinger 2025): Lee filter (3 x 3, ENL 5) on linear
backscatter, natural log, Welch's t per orbit and polarisation between the pre window (12 months before the
event) and the post window (2 months from the inference date; --pre-months and --post-months change them), Stouffer over orbits weighted by sqrt(df), |Z|,
maximum over polarisations, focal median over 10 m, mean of that with circular means of 50, 100 and 150 m.
Buildings score the mean of T over the cells whose centres they hold (GDAL's rasterizer), damaged above 3.3.

  pwtt_numpy.py STACK.csv --event YYYY-MM-DD --inference YYYY-MM-DD --buildings B.geojson --out T.tif
  pwtt_numpy.py --compare HAVEN_T.tif NUMPY_T.tif        agreement of two T maps
"""
import argparse
import csv
import datetime as dt
import os
import sys
import time

import numpy as np
from osgeo import gdal, ogr, osr
from scipy import ndimage, signal

gdal.UseExceptions()


def months(d, n):
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    last = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return dt.date(y, m, min(d.day, last))


def read(path):
    ds = gdal.Open(path)
    band = ds.GetRasterBand(1)
    a = band.ReadAsArray().astype(np.float32)
    nd = band.GetNoDataValue()
    bad = ~np.isfinite(a) | (a <= 0)
    if nd is not None and not np.isnan(nd):
        bad |= a == nd
    a[bad] = np.nan
    return a, ds.GetGeoTransform(), ds.GetProjection()


def lee_log(z, window=3, looks=5.0):
    valid = np.isfinite(z)
    x = np.where(valid, z, 0).astype(np.float64)
    n = ndimage.uniform_filter(valid.astype(np.float64), window, mode="constant") * window * window
    s = ndimage.uniform_filter(x, window, mode="constant") * window * window
    ss = ndimage.uniform_filter(x * x, window, mode="constant") * window * window
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s / np.maximum(n, 1)
        var = np.maximum(ss / np.maximum(n, 1) - mean * mean, 0)
        eta2 = 1.0 / looks
        var_x = (var - mean * mean * eta2) / (1 + eta2)
        gain = np.where(var > 0, np.maximum(var_x / var, 0), 0)
        out = np.log(mean + gain * (x - mean))
    out[~valid] = np.nan
    return out.astype(np.float32)


def window_stats(images):
    stack = np.stack(images)
    n = np.sum(np.isfinite(stack), axis=0).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.nanmean(stack.astype(np.float64), axis=0)
        var = np.nanvar(stack.astype(np.float64), axis=0, ddof=1)
    return n, mean, var


def welch(pre, post, min_pre=3, min_post=2):
    n1, m1, v1 = pre
    n2, m2, v2 = post
    with np.errstate(invalid="ignore", divide="ignore"):
        a = v1 / n1
        b = v2 / n2
        se2 = a + b
        t = (m2 - m1) / np.sqrt(se2)
        df = se2 * se2 / (a * a / (n1 - 1) + b * b / (n2 - 1))
    ok = (n1 >= min_pre) & (n2 >= min_post) & (se2 > 0)
    return np.where(ok, t, np.nan), np.where(ok, df, 0)


def focal_median_cross(t):
    p = np.pad(t, 1, constant_values=np.nan)
    h, w = t.shape
    shifts = [p[1:h + 1, 1:w + 1], p[0:h, 1:w + 1], p[2:h + 2, 1:w + 1], p[1:h + 1, 0:w], p[1:h + 1, 2:w + 2]]
    with np.errstate(all="ignore"):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = np.nanmedian(np.stack(shifts), axis=0)
    out[np.isnan(t)] = np.nan
    return out


def circular_mean(t, radius_cells):
    r = int(np.floor(radius_cells + 1e-9))
    yy, xx = np.mgrid[-r:r + 1, -r:r + 1]
    kernel = (xx * xx + yy * yy <= radius_cells * radius_cells + 1e-9).astype(np.float64)
    valid = np.isfinite(t)
    s = signal.fftconvolve(np.where(valid, t, 0).astype(np.float64), kernel, mode="same")
    n = signal.fftconvolve(valid.astype(np.float64), kernel, mode="same")
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(n > 0.5, s / np.maximum(n, 1e-9), np.nan)
    out[~valid] = np.nan
    return out


def pwtt(manifest, event, inference, pre_months=12, post_months=2):
    folder = os.path.dirname(os.path.abspath(manifest))
    rows = list(csv.DictReader(open(manifest)))
    pre_from, post_to = months(event, -pre_months), months(inference, post_months)
    groups = {}
    geo = None
    for r in rows:
        d = dt.date.fromisoformat(r["date"])
        role = "pre" if pre_from <= d < event else "post" if inference <= d < post_to else None
        if role is None:
            continue
        z, transform, projection = read(os.path.join(folder, r["path"]))
        geo = (transform, projection, z.shape)
        groups.setdefault((r["orbit"], r["polarisation"].upper()), {"pre": [], "post": []})[role].append(lee_log(z))
    best = None
    for pol in ("VV", "VH"):
        num = den = None
        for (orbit, p), g in groups.items():
            if p != pol or len(g["pre"]) < 3 or len(g["post"]) < 2:
                continue
            t, df = welch(window_stats(g["pre"]), window_stats(g["post"]))
            use = np.isfinite(t) & (df > 0)
            contribution = np.where(use, np.sqrt(np.where(use, df, 0)) * np.where(use, t, 0), 0)
            num = contribution if num is None else num + contribution
            den = np.where(use, df, 0) if den is None else den + np.where(use, df, 0)
        if num is None:
            continue
        with np.errstate(invalid="ignore", divide="ignore"):
            z = np.abs(np.where(den > 0, num / np.sqrt(den), np.nan))
        best = z if best is None else np.fmax(best, z)
    t10 = focal_median_cross(best)
    pixel = geo[0][1]
    smooth = [circular_mean(t10, r / pixel) for r in (50, 100, 150)]
    return ((t10 + smooth[0] + smooth[1] + smooth[2]) / 4).astype(np.float32), geo


def building_scores(t, geo, buildings):
    transform, projection, (h, w) = geo
    mem = gdal.GetDriverByName("MEM").Create("", w, h, 1, gdal.GDT_Int32)
    mem.SetGeoTransform(transform)
    mem.SetProjection(projection)
    src = ogr.Open(buildings)
    layer = src.GetLayer(0)
    target = osr.SpatialReference(wkt=projection)
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    # Burn each building's 1-based position: ids then follow the file's order.
    ids = []
    areas = []
    geoms = []
    drv = ogr.GetDriverByName("Memory")
    out = drv.CreateDataSource("m")
    lyr = out.CreateLayer("b", srs=target)
    lyr.CreateField(ogr.FieldDefn("k", ogr.OFTInteger))
    source_srs = layer.GetSpatialRef() or osr.SpatialReference()
    if layer.GetSpatialRef() is None:
        source_srs.ImportFromEPSG(4326)
    source_srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(source_srs, target)
    for i, f in enumerate(layer):
        g = f.GetGeometryRef().Clone()
        g.Transform(ct)
        nf = ogr.Feature(lyr.GetLayerDefn())
        nf.SetField("k", i + 1)
        nf.SetGeometry(g)
        lyr.CreateFeature(nf)
        ids.append(f.GetField("id"))
        areas.append(g.GetArea())
        geoms.append(g)
    gdal.RasterizeLayer(mem, [1], lyr, options=["ATTRIBUTE=k"])
    labels = mem.GetRasterBand(1).ReadAsArray().ravel()
    values = t.ravel()
    keep = (labels > 0) & np.isfinite(values)
    sums = np.bincount(labels[keep], weights=values[keep], minlength=len(ids) + 1)
    counts = np.bincount(labels[keep], minlength=len(ids) + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = sums[1:] / counts[1:]
    return ids, scores, np.array(areas), geoms, ct


def labelled(geoms, labels_path, ct):
    """The paper's rule: a building is damaged when a damage point (UNOSAT class 1-3) lies within 10 m of it.
    The labels are a census of damage: every other building is intact."""
    src = ogr.Open(labels_path)
    points = []
    for f in src.GetLayer(0):
        cls = f.GetField("Main_Damage_Site_Class")
        if cls is not None and 1 <= int(cls) <= 3:
            g = f.GetGeometryRef().Clone()
            g.Transform(ct)
            points.append((g.GetX(), g.GetY()))
    pts = np.array(points)
    damaged = np.zeros(len(geoms), dtype=bool)
    for i, g in enumerate(geoms):
        minx, maxx, miny, maxy = g.GetEnvelope()
        near = pts[(pts[:, 0] >= minx - 10) & (pts[:, 0] <= maxx + 10) & (pts[:, 1] >= miny - 10) & (pts[:, 1] <= maxy + 10)]
        for x, y in near:
            p = ogr.Geometry(ogr.wkbPoint)
            p.AddPoint_2D(float(x), float(y))
            if g.Distance(p) <= 10:
                damaged[i] = True
                break
    return damaged


def weighted_auc(scores, truth, weights):
    """Area-weighted ROC AUC, the Mann-Whitney statistic with ties counted half."""
    keep = np.isfinite(scores)
    s, y, w = scores[keep], truth[keep], weights[keep]
    order = np.argsort(s, kind="mergesort")
    s, y, w = s[order], y[order], w[order]
    pos_total, neg_total = w[y].sum(), w[~y].sum()
    neg_below = 0.0
    area = 0.0
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        pos = w[i:j][y[i:j]].sum()
        neg = w[i:j][~y[i:j]].sum()
        area += pos * (neg_below + neg / 2)
        neg_below += neg
        i = j
    return area / (pos_total * neg_total)


def write(path, t, geo):
    transform, projection, (h, w) = geo
    ds = gdal.GetDriverByName("GTiff").Create(path, w, h, 1, gdal.GDT_Float32)
    ds.SetGeoTransform(transform)
    ds.SetProjection(projection)
    ds.GetRasterBand(1).SetNoDataValue(float("nan"))
    ds.GetRasterBand(1).WriteArray(t)
    ds = None


def compare(a_path, b_path):
    # Each dataset is held while its band is read: GDAL's Python bindings free the band with its dataset.
    da, db = gdal.Open(a_path), gdal.Open(b_path)
    a = da.GetRasterBand(1).ReadAsArray().astype(np.float64)
    b = db.GetRasterBand(1).ReadAsArray().astype(np.float64)
    both = np.isfinite(a) & np.isfinite(b)
    d = np.abs(a[both] - b[both])
    print(f"cells with a value in both: {both.sum()} of {a.size}; in one only: {(np.isfinite(a) != np.isfinite(b)).sum()}")
    print(f"max |difference|: {d.max():.2e}; mean: {d.mean():.2e}; within 1e-3: {np.mean(d <= 1e-3):.4%}")
    print(f"correlation: {np.corrcoef(a[both], b[both])[0, 1]:.6f}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("stack", nargs="?")
    p.add_argument("--event")
    p.add_argument("--inference")
    p.add_argument("--buildings")
    p.add_argument("--out")
    p.add_argument("--labels")
    p.add_argument("--pre-months", type=int, default=12)
    p.add_argument("--post-months", type=int, default=2)
    p.add_argument("--compare", nargs=2)
    p.add_argument("--map-seconds", help="write the seconds the T map took (reading included) to this file")
    a = p.parse_args()
    if a.compare:
        compare(*a.compare)
        return 0
    started = time.perf_counter()
    t, geo = pwtt(a.stack, dt.date.fromisoformat(a.event), dt.date.fromisoformat(a.inference), a.pre_months, a.post_months)
    if a.map_seconds:
        with open(a.map_seconds, "w") as f:
            f.write(f"{time.perf_counter() - started:.3f}\n")
    ids, scores, areas, geoms, ct = building_scores(t, geo, a.buildings)
    damaged = int(np.sum(scores > 3.3))
    print(f"buildings: {len(ids)}, damaged: {damaged}")
    if a.labels:
        truth = labelled(geoms, a.labels, ct)
        print(f"labelled damaged: {int(truth.sum())}; area-weighted ROC AUC: {weighted_auc(scores, truth, areas):.4f}")
    if a.out:
        write(a.out, t, geo)
    return 0


if __name__ == "__main__":
    sys.exit(main())
