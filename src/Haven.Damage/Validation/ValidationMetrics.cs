namespace Haven.Damage.Validation;

/// <summary>Precision, recall and F1 at one threshold, with the weighted confusion counts behind them.</summary>
public sealed record ThresholdMetrics(double Threshold, double Precision, double Recall, double F1, double TruePositive, double FalsePositive, double FalseNegative);

/// <summary>How well scores separate reference-damaged from intact buildings.</summary>
public sealed record ValidationMetrics(
    int Buildings,
    int ReferenceDamaged,
    double RocAuc,
    ThresholdMetrics AtThreshold,
    ThresholdMetrics BestF1,
    bool AreaWeighted)
{
    /// <summary>
    /// ROC AUC and precision, recall and F1 at the threshold and at the F1-best threshold. Each building
    /// counts with its weight (its footprint area when area-weighted, as in the PWTT paper, so that many tiny
    /// sheds do not outweigh the blocks people live in). The AUC is the weighted Mann–Whitney statistic:
    /// the weighted chance that a damaged building scores above an intact one, ties counting half.
    /// </summary>
    public static ValidationMetrics Compute(IReadOnlyList<(double Score, bool Damaged, double Weight)> items, double threshold, bool areaWeighted)
    {
        ArgumentNullException.ThrowIfNull(items);
        var valid = items.Where(i => double.IsFinite(i.Score) && i.Weight > 0).OrderBy(i => i.Score).ToList();
        double totalPos = valid.Where(i => i.Damaged).Sum(i => i.Weight);
        double totalNeg = valid.Where(i => !i.Damaged).Sum(i => i.Weight);

        // AUC: walk up the scores; each damaged item beats the intact weight seen below it.
        double auc = 0, negBelow = 0;
        for (int i = 0; i < valid.Count;)
        {
            int j = i;
            double pos = 0, neg = 0;
            while (j < valid.Count && valid[j].Score == valid[i].Score)
            {
                if (valid[j].Damaged)
                {
                    pos += valid[j].Weight;
                }
                else
                {
                    neg += valid[j].Weight;
                }

                j++;
            }

            auc += pos * (negBelow + neg / 2);
            negBelow += neg;
            i = j;
        }

        auc = totalPos > 0 && totalNeg > 0 ? auc / (totalPos * totalNeg) : double.NaN;

        ThresholdMetrics At(double t)
        {
            double tp = valid.Where(i => i.Score > t && i.Damaged).Sum(i => i.Weight);
            double fp = valid.Where(i => i.Score > t && !i.Damaged).Sum(i => i.Weight);
            double fn = totalPos - tp;
            double precision = tp + fp > 0 ? tp / (tp + fp) : double.NaN;
            double recall = totalPos > 0 ? tp / totalPos : double.NaN;
            double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
            return new ThresholdMetrics(t, precision, recall, f1, tp, fp, fn);
        }

        // Best F1: every distinct score is a candidate threshold ("above" the value just below it).
        ThresholdMetrics best = At(threshold);
        double tpAbove = totalPos, fpAbove = totalNeg;
        for (int i = 0; i < valid.Count;)
        {
            double candidate = i == 0 ? double.NegativeInfinity : valid[i - 1].Score;
            double precision = tpAbove + fpAbove > 0 ? tpAbove / (tpAbove + fpAbove) : 0;
            double recall = totalPos > 0 ? tpAbove / totalPos : 0;
            double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
            if (f1 > best.F1 && double.IsFinite(candidate))
            {
                best = new ThresholdMetrics(candidate, precision, recall, f1, tpAbove, fpAbove, totalPos - tpAbove);
            }

            int j = i;
            while (j < valid.Count && valid[j].Score == valid[i].Score)
            {
                if (valid[j].Damaged)
                {
                    tpAbove -= valid[j].Weight;
                }
                else
                {
                    fpAbove -= valid[j].Weight;
                }

                j++;
            }

            i = j;
        }

        return new ValidationMetrics(valid.Count, valid.Count(i => i.Damaged), auc, At(threshold), best, areaWeighted);
    }
}
