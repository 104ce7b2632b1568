import pg from 'pg';
import { serverMigrations } from './src/core/team/serverMigrations';
const c = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:55432/postgres' });
await c.connect();
await c.query('DROP SCHEMA IF EXISTS mlops CASCADE; CREATE SCHEMA mlops');
await c.query('BEGIN'); await c.query(serverMigrations[0].sql); await c.query('COMMIT');
await c.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname='bob') THEN CREATE ROLE bob LOGIN; CREATE ROLE rita LOGIN; CREATE ROLE wes LOGIN; END IF; END $$; GRANT mlops_release TO bob; GRANT mlops_reader TO rita; GRANT mlops_writer TO wes;`);
await c.query(`INSERT INTO mlops.models(name, seq) VALUES ('churn', 0)`);
for (const u of ['a','b']) await c.query(`INSERT INTO mlops.model_versions(uid, seq, model, number, created_at, digest, author, workspace_id, record) VALUES ($1, 0, 'churn', 0, 1, 'd', 'x', 'w', '{}')`, [u]);
console.log((await c.query('SELECT uid, number, seq FROM mlops.model_versions')).rows);
console.log((await c.query(`SELECT * FROM mlops.move_alias('churn','champion',NULL,'a','{"actor":"A","at":1,"reason":"r","workspace_id":"w","local_id":1}')`)).rows);
console.log((await c.query(`SELECT * FROM mlops.move_alias('churn','champion',NULL,'b','{"actor":"B","at":2,"reason":"r","workspace_id":"w2","local_id":1}')`)).rows);
await c.query(`INSERT INTO mlops.protected_aliases(model, alias, seq) VALUES ('churn','champion',0)`);
const w = new pg.Client({ connectionString: 'postgresql://wes@127.0.0.1:55432/postgres' }); await w.connect();
try { await w.query(`SELECT * FROM mlops.move_alias('churn','champion','a','b','{"actor":"W","at":3,"reason":"r","workspace_id":"w3","local_id":1}')`); console.log('BAD: writer moved'); } catch (e) { console.log('writer refused:', e.code, e.message); }
const r = new pg.Client({ connectionString: 'postgresql://rita@127.0.0.1:55432/postgres' }); await r.connect();
try { await r.query(`INSERT INTO mlops.models(name, seq) VALUES ('x', 0)`); console.log('BAD'); } catch (e) { console.log('reader refused:', e.code, e.message); }
console.log((await r.query('SELECT seq, kind FROM mlops.changes_since(0)')).rows);
const b = new pg.Client({ connectionString: 'postgresql://bob@127.0.0.1:55432/postgres' }); await b.connect();
console.log((await b.query(`SELECT * FROM mlops.move_alias('churn','champion','a','b','{"actor":"B","at":3,"reason":"r","workspace_id":"w3","local_id":2}')`)).rows);
await w.query(`INSERT INTO mlops.audit_entries(workspace_id, local_seq, seq, at, actor, action, object, prev_hash, hash) VALUES ('w',1,0,1,'a','x','o',repeat('0',64),'h1')`);
try { await w.query(`INSERT INTO mlops.audit_entries(workspace_id, local_seq, seq, at, actor, action, object, prev_hash, hash) VALUES ('w',2,0,1,'a','x','o','zz','h2')`); console.log('BAD'); } catch (e) { console.log('chain refused:', e.message); }
await c.end(); await w.end(); await r.end(); await b.end();
