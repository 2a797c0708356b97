// Is a shard database whole? Run when its last stop was not clean (or the file changed while kcpx was stopped), never
// on a clean restart: both checks read every page, which takes hundreds of milliseconds on a shard of 10,000
// workspaces.
//
// SQLite's quick_check finds a broken B-tree (pages overwritten or cut off); it does not look inside the values, so
// bytes scribbled into a stored object would pass it and then fail every list that reads the object ("Bad control
// character in string literal"). The JSON check covers the current objects, which every read serves; the event
// log only feeds watch resumption, and a damaged event there fails that one watch, not the shard.
import type Database from 'better-sqlite3';

/** What is wrong with the database, in one line, or undefined when both checks pass. */
export function findDamage(db: Database.Database): string | undefined {
  try {
    return check(db);
  } catch (err) {
    // Reading a broken page fails outright (SQLITE_CORRUPT, "database disk image is malformed").
    return oneLine((err as Error).message);
  }
}

function check(db: Database.Database): string | undefined {
  const rows = db.pragma('quick_check(1)') as Array<{ quick_check: string }>;
  const first = rows[0]?.quick_check ?? 'no answer';
  if (first !== 'ok') return `quick_check: ${oneLine(first)}`;
  const hasObjects = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'objects'").get() !== undefined;
  if (!hasObjects) return undefined;
  const bad = db.prepare('SELECT cluster, resource, namespace, name FROM objects WHERE NOT json_valid(value) LIMIT 1').get() as
    { cluster: string; resource: string; namespace: string; name: string } | undefined;
  if (bad)
    return `the stored ${bad.resource} ${bad.namespace ? `${bad.namespace}/` : ''}${bad.name} of logical cluster ${bad.cluster} is not valid JSON`;
  return undefined;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, '; ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
