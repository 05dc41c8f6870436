import { Text } from '@mantine/core';
import { useI18n } from '../i18n/i18n.js';

/** A value over time: what it was when the range began, and each change after that with its reason. */
export interface StepSeries {
  readonly start: string;
  readonly current: string;
  readonly changes: readonly { readonly at: string; readonly from: string; readonly to: string; readonly cause: string }[];
}

const width = 640;
const left = 112;
const right = 16;
const row = 26;
const top = 12;
const axis = 22;
const line = '#1c4f8a';

/**
 * One value over a time range as a step chart drawn in SVG: the value's levels from bottom to top,
 * one numbered marker per change, and the numbered changes with their reasons under it (the chart
 * is the picture, the list says the same in words for every reader).
 */
export function StepChart({
  id, title, series, levels, label, since, until,
}: {
  readonly id: string;
  readonly title: string;
  readonly series: StepSeries;
  /** The values from the lowest to the highest; a value not named here is drawn above them. */
  readonly levels: readonly string[];
  readonly label: (value: string) => string;
  readonly since: string;
  readonly until: string;
}) {
  const { t, format } = useI18n();
  const values = [...levels, ...[series.start, ...series.changes.map((change) => change.to)].filter((value, index, all) => !levels.includes(value) && all.indexOf(value) === index)];
  const height = top + values.length * row + axis;
  const start = Date.parse(since);
  const span = Math.max(Date.parse(until) - start, 1);
  const x = (at: string): number => left + Math.min(Math.max((Date.parse(at) - start) / span, 0), 1) * (width - left - right);
  const y = (value: string): number => top + (values.length - 1 - values.indexOf(value)) * row + row / 2;
  let path = `M ${left} ${y(series.start)}`;
  for (const change of series.changes) path += ` H ${x(change.at)} V ${y(change.to)}`;
  path += ` H ${width - right}`;
  const summary = [
    t('chart.from', { value: label(series.start), time: format.dateTime(since) }),
    ...series.changes.map((change) => t('chart.from', { value: label(change.to), time: format.dateTime(change.at) })),
  ].join('; ');
  return (
    <figure style={{ margin: 0 }} aria-labelledby={`${id}-caption`}>
      <svg role="img" aria-label={t('chart.summary', { title, summary })} viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: width, display: 'block' }}>
        {values.map((value) => (
          <g key={value}>
            <line x1={left} x2={width - right} y1={y(value)} y2={y(value)} stroke="#dee2e6" />
            <text x={left - 8} y={y(value)} textAnchor="end" dominantBaseline="middle" fontSize="12" fill="#212529">
              {label(value)}
            </text>
          </g>
        ))}
        <path d={path} fill="none" stroke={line} strokeWidth="3" />
        {series.changes.map((change, index) => (
          <g key={`${change.at}-${index}`}>
            <circle cx={x(change.at)} cy={y(change.to)} r="9" fill="#ffffff" stroke={line} strokeWidth="2" />
            <text x={x(change.at)} y={y(change.to)} textAnchor="middle" dominantBaseline="central" fontSize="11" fontWeight="700" fill={line}>
              {index + 1}
            </text>
          </g>
        ))}
        <text x={left} y={height - 6} fontSize="11" fill="#495057">
          {format.dateTime(since)}
        </text>
        <text x={width - right} y={height - 6} textAnchor="end" fontSize="11" fill="#495057">
          {format.dateTime(until)}
        </text>
      </svg>
      <Text component="figcaption" id={`${id}-caption`} size="sm" fw={600}>
        {title}: {label(series.current)}
      </Text>
      {series.changes.length === 0 ? (
        <Text size="sm">{t('chart.noChange', { value: label(series.start) })}</Text>
      ) : (
        <ol className="kabar-chart-changes" aria-label={t('chart.changesOf', { title })}>
          {series.changes.map((change, index) => (
            <li key={`${change.at}-${index}`}>
              <Text size="sm" span fw={600}>
                {format.dateTime(change.at)} · {change.from === change.to ? label(change.to) : `${label(change.from)} → ${label(change.to)}`}
              </Text>
              <Text size="sm" span>
                {' '}
                {change.cause}
              </Text>
            </li>
          ))}
        </ol>
      )}
    </figure>
  );
}
