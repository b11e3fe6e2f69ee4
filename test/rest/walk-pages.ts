// Walks a REST query page by page, as the seed's "Example workflow" says: follow `next` until null; or follow
// `previous` back to start 1.

export interface Walk {
  /** Keys in result order across every page visited. */
  readonly keys: string[];
  readonly pages: number;
  readonly totalCount: number;
  /** Start of the last page reached going forward (where a walk back begins). */
  readonly lastStart: number;
  readonly millis: number;
}

async function page(
  url: string,
  auth: Record<string, string>,
  body: object,
  start: number,
  size: number,
): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ ...body, start, size }),
  });
  const json = (await res.json()) as any;
  if (res.status !== 200) throw new Error(`start ${start}: ${res.status} ${JSON.stringify(json)}`);
  const meta = json['ia::meta'];
  if (meta.start !== start || meta.pageSize !== size) throw new Error(`start ${start}: meta ${JSON.stringify(meta)}`);
  return json;
}

export async function walkNext(url: string, auth: Record<string, string>, body: object, size: number): Promise<Walk> {
  const t0 = performance.now();
  const keys: string[] = [];
  let start: number | null = 1;
  let pages = 0;
  let totalCount = -1;
  let lastStart = 1;
  while (start !== null) {
    const json = await page(url, auth, body, start, size);
    for (const row of json['ia::result']) keys.push(row.key);
    const meta = json['ia::meta'];
    if (totalCount >= 0 && meta.totalCount !== totalCount)
      throw new Error(`totalCount moved from ${totalCount} to ${meta.totalCount}`);
    totalCount = meta.totalCount;
    lastStart = start;
    pages++;
    start = meta.next;
  }
  return { keys, pages, totalCount, lastStart, millis: Math.round(performance.now() - t0) };
}

/** From `from` back to start 1 along `previous`; keys are returned in forward order. */
export async function walkPrevious(
  url: string,
  auth: Record<string, string>,
  body: object,
  size: number,
  from: number,
): Promise<Walk> {
  const t0 = performance.now();
  const pagesBack: string[][] = [];
  let start: number | null = from;
  let totalCount = -1;
  while (start !== null) {
    const json = await page(url, auth, body, start, size);
    pagesBack.push(json['ia::result'].map((r: any) => r.key));
    totalCount = json['ia::meta'].totalCount;
    start = json['ia::meta'].previous;
  }
  return {
    keys: pagesBack.reverse().flat(),
    pages: pagesBack.length,
    totalCount,
    lastStart: from,
    millis: Math.round(performance.now() - t0),
  };
}
