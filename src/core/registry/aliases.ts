// Aliases: named pointers to a model's versions (MLflow's replacement for stages). Every move is an
// alias_events row and an audit entry, written with the move in one transaction. A protected alias
// (models.NAME.protect) moves only when the gate passes against the version it holds now, or with
// force; the gate's result is stored and linked to the move either way.
import { appendAudit } from '../audit/appendAudit';
import { currentActor } from '../audit/actor';
import type { MlopsConfig } from '../config/types';
import type { Store } from '../store/store';
import { evaluateGate } from './gate';
import { getGateResult, recordGate } from './gateRecords';
import { aliasPattern, formatModelRef } from './modelRef';
import { requireModel, resolveModelRef } from './modelVersions';
import { RegistryError, type AliasEvent, type GateResult } from './types';

/** Setting an alias to the version it already holds: nothing is recorded; the message says so. */
export class AliasUnchangedError extends RegistryError {}

/** A protected alias whose gate failed: the alias did not move; the stored result says why. */
export class GateRefusedError extends RegistryError {
  constructor(
    message: string,
    readonly gate: GateResult,
  ) {
    super(message);
  }
}

export interface SetAliasOptions {
  model: string;
  alias: string;
  version: number;
  reason: string;
  /** Move a protected alias although the gate fails (or cannot be evaluated); recorded. */
  force?: boolean;
  /** Let the gate compare metrics computed on different evaluation data versions; recorded. */
  allowDifferentData?: boolean;
  /** Gate the move as if the alias were protected (a pipeline stage's promotion always is). */
  gate?: boolean;
}

export function checkAliasName(alias: string): void {
  if (alias === 'latest') throw new RegistryError('"latest" is automatic (always the highest version): choose another alias name, e.g. champion or staging.');
  if (!aliasPattern.test(alias)) throw new RegistryError(`"${alias}" is not an alias name: use letters, digits, '_' and '-' (e.g. champion, staging, canary-2).`);
}

function checkReason(reason: string, what: string): string {
  const trimmed = reason.trim();
  if (!trimmed) throw new RegistryError(`${what} needs a reason (--reason TEXT): it is kept in the alias's history and the audit log.`);
  return trimmed;
}

/** Is `alias` protected for `model` in mlops.json? */
export function isProtected(config: MlopsConfig, model: string, alias: string): boolean {
  return config.models[model]?.protect?.includes(alias) ?? false;
}

/** The version `alias` holds now, or null when it is not set. */
export function aliasVersion(store: Store, model: string, alias: string): number | null {
  const row = store.db
    .prepare('SELECT v.version AS version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id WHERE a.model = ? AND a.alias = ?')
    .get<{ version: number }>(model, alias);
  return row ? Number(row.version) : null;
}

/**
 * Points `alias` at `version`. On a protected alias the gate is evaluated first (candidate: the new
 * version, against: the alias) and stored; a failing gate refuses the move (a RegistryError naming
 * the failed metrics, a GateRefusedError; the stored result stays, as evidence of the attempt) unless
 * `force` is set.
 */
export function setAlias(store: Store, config: MlopsConfig, opts: SetAliasOptions): AliasEvent {
  const { model, alias, version } = opts;
  checkAliasName(alias);
  const reason = checkReason(opts.reason, `Moving ${model}@${alias}`);
  const force = opts.force === true;
  const outcome = store.transaction((): { event: AliasEvent } | { refused: GateResult } => {
    const target = resolveModelRef(store, { model, ref: version });
    const old = aliasVersion(store, model, alias);
    if (old === version) throw new AliasUnchangedError(`${model}@${alias} already points at version ${version}: nothing to move, nothing recorded.`);
    let gate: GateResult | null = null;
    let gateError: string | undefined;
    if (opts.gate === true || isProtected(config, model, alias)) {
      try {
        gate = recordGate(store, evaluateGate(store, config, { model, candidate: formatModelRef(model, version), against: alias, allowDifferentData: opts.allowDifferentData }));
      } catch (err) {
        // A gate that cannot be evaluated (no gate declared, a metric missing) refuses the move like
        // a failing one; --force goes ahead and records why there was no result.
        if (!(err instanceof RegistryError) || !force) throw err;
        gateError = err.message;
      }
      if (gate && !gate.passed && !force) return { refused: gate };
    }
    // forced: --force let through a move the gate did not pass.
    const forced = force && (gateError !== undefined || (gate !== null && !gate.passed));
    const actor = currentActor(store.root);
    const at = Date.now();
    store.db
      .prepare('INSERT INTO model_aliases (model, alias, version_id, moved_at) VALUES (?, ?, ?, ?) ON CONFLICT (model, alias) DO UPDATE SET version_id = excluded.version_id, moved_at = excluded.moved_at')
      .run(model, alias, target.id, at);
    const id = insertEvent(store, { model, alias, oldVersion: old, newVersion: version, actor, at, reason, forced, gateId: gate?.id ?? null });
    appendAudit(store, {
      action: 'model.alias-moved',
      object: formatModelRef(model, alias),
      reason,
      actor,
      at,
      details: { alias, oldVersion: old, newVersion: version, forced, gateId: gate?.id ?? null, ...(gate ? { gatePassed: gate.passed } : {}), ...(gateError ? { gateError } : {}) },
    });
    return { event: { id, model, alias, oldVersion: old, newVersion: version, actor, at, reason, forced, gate } };
  });
  if ('refused' in outcome) {
    const failed = outcome.refused.metrics.filter((m) => !m.passed);
    throw new GateRefusedError(
      `${model}@${alias} is protected and the gate failed for ${model}@${version} (gate result ${outcome.refused.id}): ` +
        failed.map((m) => `${m.metric}: ${m.reasons.join('; ')}`).join(' | ') +
        `. The alias did not move. To move it anyway, add --force with a --reason saying why (both are recorded).`,
      outcome.refused,
    );
  }
  return outcome.event;
}

/** Removes `alias` from `model`; the removal is recorded with its reason. */
export function removeAlias(store: Store, opts: { model: string; alias: string; reason: string }): AliasEvent {
  const { model, alias } = opts;
  checkAliasName(alias);
  const reason = checkReason(opts.reason, `Removing ${model}@${alias}`);
  return store.transaction(() => {
    requireModel(store, model);
    const old = aliasVersion(store, model, alias);
    if (old === null) {
      const names = store.db.prepare('SELECT alias FROM model_aliases WHERE model = ? ORDER BY alias').all<{ alias: string }>(model).map((r) => r.alias);
      throw new RegistryError(`Model ${model} has no alias "${alias}" to remove (${names.length ? `aliases: ${names.join(', ')}` : 'it has none'}).`);
    }
    const actor = currentActor(store.root);
    const at = Date.now();
    store.db.prepare('DELETE FROM model_aliases WHERE model = ? AND alias = ?').run(model, alias);
    const id = insertEvent(store, { model, alias, oldVersion: old, newVersion: null, actor, at, reason, forced: false, gateId: null });
    appendAudit(store, { action: 'model.alias-removed', object: formatModelRef(model, alias), reason, actor, at, details: { alias, oldVersion: old } });
    return { id, model, alias, oldVersion: old, newVersion: null, actor, at, reason, forced: false, gate: null };
  });
}

/** The moves of a model's aliases (or of one), newest first, each with the gate evaluated before it. */
export function aliasHistory(store: Store, model: string, alias?: string): AliasEvent[] {
  requireModel(store, model);
  const rows = store.db
    .prepare(
      `SELECT id, model, alias, old_version, new_version, actor, at, reason, forced, gate_id FROM alias_events
        WHERE model = ? AND (? IS NULL OR alias = ?) ORDER BY at DESC, id DESC`,
    )
    .all<EventRow>(model, alias ?? null, alias ?? null);
  return rows.map((r) => ({
    id: Number(r.id),
    model: r.model,
    alias: r.alias,
    oldVersion: r.old_version === null ? null : Number(r.old_version),
    newVersion: r.new_version === null ? null : Number(r.new_version),
    actor: r.actor,
    at: Number(r.at),
    reason: r.reason,
    forced: Number(r.forced) === 1,
    gate: r.gate_id === null ? null : (getGateResult(store, Number(r.gate_id)) ?? null),
  }));
}

interface EventRow {
  id: number;
  model: string;
  alias: string;
  old_version: number | null;
  new_version: number | null;
  actor: string;
  at: number;
  reason: string;
  forced: number;
  gate_id: number | null;
}

function insertEvent(
  store: Store,
  e: { model: string; alias: string; oldVersion: number | null; newVersion: number | null; actor: string; at: number; reason: string; forced: boolean; gateId: number | null },
): number {
  const r = store.db
    .prepare('INSERT INTO alias_events (model, alias, old_version, new_version, actor, at, reason, forced, gate_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(e.model, e.alias, e.oldVersion, e.newVersion, e.actor, e.at, e.reason, e.forced ? 1 : 0, e.gateId);
  return Number(r.lastInsertRowid);
}
