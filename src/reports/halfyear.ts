// Criterion 7 asks for 走基层 "每半年至少一次": half-years are Jan–Jun and Jul–Dec.
export interface HalfYear {
  start: string;
  end: string;
  /** e.g. 2026年下半年 */
  label: string;
}

export function halfYearOf(date: string): HalfYear {
  const year = date.slice(0, 4);
  const first = Number(date.slice(5, 7)) <= 6;
  return first
    ? { start: `${year}-01-01`, end: `${year}-06-30`, label: `${year}年上半年` }
    : { start: `${year}-07-01`, end: `${year}-12-31`, label: `${year}年下半年` };
}

export function inRange(date: string, range: { start: string; end: string }): boolean {
  return date >= range.start && date <= range.end;
}
