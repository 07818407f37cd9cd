// duckdb.mjs - DuckDB as a peer of bonafide's benchmarks, on one thread.
//
//   node duckdb.mjs parse FILE PASSES   best seconds of read_json over FILE
//   node duckdb.mjs load FILE DB        seconds to load FILE's tweets into
//                                       a table of the on-disk database DB
//
// Both read Twitter v1.1 JSON lines with explicit columns (the fastest way
// DuckDB reads JSON: no schema inference), the fields bonafide's reader
// takes from a tweet and its author.  Prints one number of seconds.
//
// maximum_object_size stays at DuckDB's default (16 MB, far above a tweet):
// raising it to 128 MB made read_json 6.5 times slower on the JSON bench's
// file (1.25 s against 0.19 s for 150 MB, DuckDB 1.5.6, one thread).
import { DuckDBInstance } from '@duckdb/node-api';

const [mode, file, arg] = process.argv.slice(2);
const columns = `{
  id_str: 'VARCHAR', created_at: 'VARCHAR', full_text: 'VARCHAR',
  text: 'VARCHAR', source: 'VARCHAR', in_reply_to_status_id_str: 'VARCHAR',
  retweet_count: 'BIGINT', favorite_count: 'BIGINT', reply_count: 'BIGINT',
  quote_count: 'BIGINT', lang: 'VARCHAR',
  "user": 'STRUCT(id_str VARCHAR, screen_name VARCHAR, name VARCHAR,
                  created_at VARCHAR, followers_count BIGINT,
                  friends_count BIGINT, statuses_count BIGINT,
                  description VARCHAR)'
}`;
const src = `read_json('${file.replaceAll("'", "''")}',
  format = 'newline_delimited', ignore_errors = true,
  columns = ${columns})`;

const now = () => performance.now() / 1000;
if (mode === 'parse') {
  const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
  const con = await inst.connect();
  let best = Infinity;
  for (let i = 0; i < Number(arg || 3); i++) {
    const t = now();
    await con.runAndReadAll(
      `SELECT count(*), sum(length(coalesce(full_text, text))),
              sum(length("user".id_str)) FROM ${src}`);
    best = Math.min(best, now() - t);
  }
  console.log(best);
} else if (mode === 'load') {
  const inst = await DuckDBInstance.create(arg, { threads: '1' });
  const con = await inst.connect();
  const t = now();
  await con.run(`CREATE TABLE posts AS SELECT * FROM ${src}`);
  await con.run('CHECKPOINT');
  console.log(now() - t);
} else {
  console.error('usage: node duckdb.mjs parse FILE PASSES | load FILE DB');
  process.exit(64);
}
