import { randomBytes } from 'node:crypto';

// Crockford's base32 in lower case: ids sort by time as plain strings and read without ambiguity.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** A 26-character id: 10 characters of milliseconds since the epoch, then 16 random ones. */
export function newRunId(now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const rnd = randomBytes(16);
  let tail = '';
  for (let i = 0; i < 16; i++) tail += ALPHABET[rnd[i] % 32];
  return time + tail;
}

/** The creation time encoded in an id from newRunId. */
export function runIdTime(id: string): number {
  let t = 0;
  for (const c of id.slice(0, 10)) t = t * 32 + ALPHABET.indexOf(c);
  return t;
}

const adjectives = ['amber', 'brisk', 'calm', 'deft', 'eager', 'fair', 'gentle', 'hardy', 'keen', 'lucid', 'mellow', 'nimble', 'proud', 'quiet', 'rapid', 'sunny', 'tidy', 'vivid', 'witty', 'bold'];
const nouns = ['otter', 'falcon', 'heron', 'lynx', 'maple', 'comet', 'delta', 'fjord', 'garnet', 'harbor', 'iris', 'juniper', 'kestrel', 'lagoon', 'meadow', 'nebula', 'orchid', 'pebble', 'quartz', 'raven'];

/** A readable name like "brisk-otter-42" (not unique: ids are). */
export function newRunName(): string {
  const r = randomBytes(3);
  return `${adjectives[r[0] % adjectives.length]}-${nouns[r[1] % nouns.length]}-${(r[2] % 99) + 1}`;
}
