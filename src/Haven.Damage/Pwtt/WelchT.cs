namespace Haven.Damage.Pwtt;

/// <summary>
/// Welch's unequal-variance t statistic and its Welch–Satterthwaite degrees of freedom (B. L. Welch,
/// "The generalization of Student's problem when several different population variances are involved",
/// Biometrika 34, 1947), from running sums; and Stouffer's weighted combination across orbits.
/// </summary>
public static class WelchT
{
    /// <summary>
    /// t = (mean_post - mean_pre) / sqrt(s_pre^2/n_pre + s_post^2/n_post) with sample variances; NaN when
    /// either group is too small or both variances vanish.
    /// </summary>
    public static (double T, double Df) FromSums(double nPre, double sumPre, double sumSqPre, double nPost, double sumPost, double sumSqPost)
    {
        if (nPre < 2 || nPost < 2)
        {
            return (double.NaN, double.NaN);
        }

        double meanPre = sumPre / nPre, meanPost = sumPost / nPost;
        double varPre = Math.Max(0, (sumSqPre - nPre * meanPre * meanPre) / (nPre - 1));
        double varPost = Math.Max(0, (sumSqPost - nPost * meanPost * meanPost) / (nPost - 1));
        double a = varPre / nPre, b = varPost / nPost;
        double se2 = a + b;
        if (se2 <= 0)
        {
            return (double.NaN, double.NaN);
        }

        double t = (meanPost - meanPre) / Math.Sqrt(se2);
        double df = se2 * se2 / (a * a / (nPre - 1) + b * b / (nPost - 1));
        return (t, df);
    }

    /// <summary>
    /// Stouffer's Z with weights sqrt(df) (S. A. Stouffer et al., The American Soldier, 1949; weighted form
    /// as in PWTT): Z = sum(sqrt(df_i) t_i) / sqrt(sum df_i), over the orbits with a finite t.
    /// </summary>
    public static double Stouffer(ReadOnlySpan<double> t, ReadOnlySpan<double> df)
    {
        double num = 0, den = 0;
        for (int i = 0; i < t.Length; i++)
        {
            if (double.IsFinite(t[i]) && double.IsFinite(df[i]) && df[i] > 0)
            {
                num += Math.Sqrt(df[i]) * t[i];
                den += df[i];
            }
        }

        return den > 0 ? num / Math.Sqrt(den) : double.NaN;
    }
}
