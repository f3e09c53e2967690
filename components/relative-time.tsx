import type { JSX } from "react";

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const absolute = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** "3 minutes ago", with the exact UTC time in the tooltip; rendered on the server at request time. */
export function RelativeTime({ date, now }: { date: Date; now: number }): JSX.Element {
  const seconds = Math.round((date.getTime() - now) / 1000);
  const unit = units.find(([, size]) => Math.abs(seconds) >= size);
  const text = unit ? relative.format(Math.round(seconds / unit[1]), unit[0]) : Math.abs(seconds) < 10 ? "just now" : relative.format(seconds, "second");
  return (
    <time dateTime={date.toISOString()} title={`${absolute.format(date)} UTC`}>
      {text}
    </time>
  );
}
