using System.Globalization;
using System.Net;
using System.Text;

namespace EduPlatform.Load.Reports;

/// <summary>
/// A small time-series chart rendered straight to inline SVG (lines, or stacked bars), with
/// fault events drawn as dashed vertical lines. No JavaScript library, no CDN: the report opens
/// offline and renders even with scripts disabled.
/// </summary>
internal sealed class SvgChart
{
    private const int Width = 760;
    private const int Height = 250;
    private const int Left = 56;
    private const int Right = 175;
    private const int Top = 26;
    private const int Bottom = 34;

    public static readonly string[] Palette = ["#2563eb", "#16a34a", "#dc2626", "#9333ea", "#ea580c", "#0891b2", "#4b5563", "#ca8a04"];

    public required string Title { get; init; }

    public required string YLabel { get; init; }

    public bool LogScale { get; init; }

    public bool StackedBars { get; init; }

    public required double XMax { get; init; }

    public string ScenarioName { get; init; } = "";

    public List<ChartSeries> Series { get; } = [];

    public List<FaultEvent> Events { get; } = [];

    public string Render()
    {
        var svg = new StringBuilder();
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var xMax = Math.Max(XMax, 1);
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{E(Title)}\" ");
        svg.Append(CultureInfo.InvariantCulture,
            $"data-scenario=\"{E(ScenarioName)}\" data-x-max=\"{F(xMax)}\" data-plot-left=\"{Left}\" data-plot-width=\"{plotWidth}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"title\" x=\"{Left}\" y=\"16\">{E(Title)}</text>");

        var (yMin, yMax) = YRange();
        double X(double x) => Left + (x / xMax * plotWidth);
        double Y(double y)
        {
            if (LogScale)
            {
                var v = Math.Log10(Math.Max(y, yMin));
                return Top + plotHeight - ((v - Math.Log10(yMin)) / (Math.Log10(yMax) - Math.Log10(yMin)) * plotHeight);
            }

            return Top + plotHeight - ((y - yMin) / (yMax - yMin) * plotHeight);
        }

        // Axes and grid.
        foreach (var tick in YTicks(yMin, yMax))
        {
            var y = Y(tick);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Left + plotWidth}\" y1=\"{F(y)}\" y2=\"{F(y)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\">{E(Label(tick))}</text>");
        }

        foreach (var tick in NiceTicks(0, xMax))
        {
            var x = X(tick);
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{F(x)}\" y=\"{Top + plotHeight + 16}\" text-anchor=\"middle\">{E(Label(tick))}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{Left + plotWidth}\" y1=\"{Top + plotHeight}\" y2=\"{Top + plotHeight}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{Top + plotHeight}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left + plotWidth}\" y=\"{Height - 4}\" text-anchor=\"end\">seconds</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"12\" y=\"{Top + (plotHeight / 2)}\" transform=\"rotate(-90 12 {Top + (plotHeight / 2)})\" text-anchor=\"middle\">{E(YLabel)}</text>");

        if (StackedBars)
        {
            RenderBars(svg, X, Y, xMax, plotWidth);
        }
        else
        {
            foreach (var series in Series.Where(s => s.Points.Count > 0))
            {
                var d = string.Join(' ', series.Points.Select((p, i) => $"{(i == 0 ? 'M' : 'L')}{F(X(p.X))},{F(Y(p.Y))}"));
                var dash = series.Dashed ? " stroke-dasharray=\"6 4\"" : "";
                svg.Append(CultureInfo.InvariantCulture,
                    $"<path class=\"series\" data-series=\"{E(series.Name)}\" d=\"{d}\" stroke=\"{series.Color}\" fill=\"none\" stroke-width=\"1.8\"{dash}/>");
                if (series.Points.Count <= 60)
                {
                    // Few points: mark each one, so a one-second run still shows its figures.
                    foreach (var (x, y) in series.Points)
                    {
                        svg.Append(CultureInfo.InvariantCulture,
                            $"<circle cx=\"{F(X(x))}\" cy=\"{F(Y(y))}\" r=\"2.5\" fill=\"{series.Color}\"><title>{E(series.Name)}: {Label(y)} at {F(x)} s</title></circle>");
                    }
                }
            }
        }

        foreach (var e in Events.Where(e => e.AtSeconds >= 0 && e.AtSeconds <= xMax))
        {
            var x = X(e.AtSeconds);
            svg.Append(CultureInfo.InvariantCulture,
                $"<g class=\"event\"><line x1=\"{F(x)}\" x2=\"{F(x)}\" y1=\"{Top}\" y2=\"{Top + plotHeight}\" stroke=\"#b91c1c\" stroke-dasharray=\"4 3\"/>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{F(x + 3)}\" y=\"{Top + 10}\" fill=\"#b91c1c\" class=\"tick\">{E(e.Name)}</text><title>{E(e.Name)} at {F(e.AtSeconds)} s</title></g>");
        }

        // Legend.
        var legendY = Top + 4;
        foreach (var series in Series)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{Left + plotWidth + 14}\" y=\"{legendY}\" width=\"12\" height=\"4\" fill=\"{series.Color}\"/>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text class=\"tick\" x=\"{Left + plotWidth + 32}\" y=\"{legendY + 6}\">{E(series.Name)}</text>");
            legendY += 16;
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private void RenderBars(StringBuilder svg, Func<double, double> x, Func<double, double> y, double xMax, int plotWidth)
    {
        var xs = Series.SelectMany(s => s.Points.Select(p => p.X)).Distinct().Order().ToArray();
        var barWidth = Math.Max(1, (plotWidth / Math.Max(xMax, 1)) - 1);
        foreach (var at in xs)
        {
            double stacked = 0;
            foreach (var series in Series)
            {
                var value = series.Points.Where(p => p.X == at).Sum(p => p.Y);
                if (value <= 0)
                {
                    continue;
                }

                var top = y(stacked + value);
                var bottom = y(stacked);
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"bar\" x=\"{F(x(at) - barWidth)}\" y=\"{F(top)}\" width=\"{F(barWidth)}\" height=\"{F(Math.Max(bottom - top, 0.5))}\" fill=\"{series.Color}\"><title>{E(series.Name)}: {value:0} at {F(at)} s</title></rect>");
                stacked += value;
            }
        }
    }

    private (double Min, double Max) YRange()
    {
        var values = StackedBars
            ? Series.SelectMany(s => s.Points).GroupBy(p => p.X).Select(g => g.Sum(p => p.Y)).ToArray()
            : Series.SelectMany(s => s.Points.Select(p => p.Y)).ToArray();
        var max = values.Length == 0 ? 1 : values.Max();
        if (LogScale)
        {
            var positive = values.Where(v => v > 0).DefaultIfEmpty(1).Min();
            var low = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(positive, 0.001))));
            var high = Math.Pow(10, Math.Ceiling(Math.Log10(Math.Max(max, low * 10))));
            return (low, high <= low ? low * 10 : high);
        }

        var ticks = NiceTicks(0, max <= 0 ? 1 : max * 1.05);
        return (0, Math.Max(ticks[^1], max <= 0 ? 1 : max * 1.05));
    }

    private IReadOnlyList<double> YTicks(double min, double max)
    {
        if (!LogScale)
        {
            return NiceTicks(min, max);
        }

        var ticks = new List<double>();
        for (var decade = min; decade <= max * 1.0001; decade *= 10)
        {
            ticks.Add(decade);
        }

        return ticks;
    }

    private static readonly double[] NiceSteps = [1, 2, 5, 10];

    internal static double[] NiceTicks(double min, double max, int target = 6)
    {
        var span = Math.Max(max - min, 1e-9);
        var rough = span / target;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = NiceSteps.Select(m => m * magnitude).First(s => s >= rough);
        var ticks = new List<double>();
        for (var t = Math.Floor(min / step) * step; t <= max + (step * 0.5); t += step)
        {
            ticks.Add(Math.Round(t, 9));
        }

        return ticks.ToArray();
    }

    private static string Label(double value) => value switch
    {
        >= 10_000 => value.ToString("0,0", CultureInfo.InvariantCulture),
        >= 1 => value.ToString("0.##", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false);
