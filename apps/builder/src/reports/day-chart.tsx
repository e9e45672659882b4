import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
}

/** A chart over days (uPlot): lines, or bars for counts; resizes with its box. */
export function DayChart(props: {
  label: string;
  days: string[];
  series: ChartSeries[];
  bars?: boolean;
  /** Values are shares (0..1), shown as percentages. */
  percent?: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { label, days, series, bars, percent } = props;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const x = days.map((d) => Date.parse(`${d}T12:00:00Z`) / 1000);
    const format = (v: number | null) => (v === null ? "–" : percent ? `${Math.round(v * 100)}%` : String(v));
    const chart = new uPlot(
      {
        width: Math.max(280, el.clientWidth),
        height: 220,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "UTC"),
        scales: {
          x: { time: true },
          y: percent ? { range: [0, 1] } : { range: (_u, _min, max) => [0, Math.max(1, max)] },
        },
        axes: [{}, { values: (_u, ticks) => ticks.map((t) => format(t)), size: 50 }],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            fill: bars ? `${s.color}99` : undefined,
            width: 2,
            value: (_u: uPlot, v: number | null) => format(v),
            ...(bars ? { paths: uPlot.paths.bars?.({ size: [0.6, 60] }), points: { show: false } } : {}),
          })),
        ],
      },
      [x, ...series.map((s) => s.values)] as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(280, el.clientWidth), height: 220 }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [days, series, bars, percent]);
  return <div ref={box} className="day-chart" role="img" aria-label={label} />;
}
