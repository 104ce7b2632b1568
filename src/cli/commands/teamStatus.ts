// `mlops team status`: what a push would send and how much a pull would bring (B's team.ts dispatches here).
import { connectTeam } from '../../core/team/teamConnect';
import { teamDatabaseUrl } from '../../core/team/teamDatabase';
import { BEHIND_LIMIT, teamStatus } from '../../core/team/teamStatus';
import { EXIT, type CommandContext } from '../command';
import { formatTime } from '../time';
import { openWorkspace } from '../workspaceStore';
import { reportFailure } from './syncCli';
import { countsText } from '../../core/team/syncWords';

export const teamStatusUsage = 'mlops team status [--json]';

export async function teamStatusVerb(ctx: CommandContext): Promise<number> {
  const { store, loaded } = openWorkspace(ctx);
  try {
    const team = await connectTeam(teamDatabaseUrl(loaded.config, process.env));
    try {
      const s = await teamStatus(store, team);
      if (ctx.json) {
        ctx.out(JSON.stringify({ ...s, pulledAt: s.pulledAt ? new Date(s.pulledAt).toISOString() : null, pushedAt: s.pushedAt ? new Date(s.pushedAt).toISOString() : null }, null, 2));
        return EXIT.ok;
      }
      const ahead = countsText(s.ahead);
      ctx.out(`team store: ${s.team}`);
      ctx.out(`ahead: ${ahead.length ? `${ahead.join(', ')} (mlops push sends them)` : 'nothing to push'}`);
      ctx.out(`behind: ${s.behind ? `${s.behind >= BEHIND_LIMIT ? `${BEHIND_LIMIT}+` : s.behind} change${s.behind === 1 ? '' : 's'} (mlops pull brings them)` : 'up to date'}`);
      ctx.out(`last pull: ${s.pulledAt ? formatTime(s.pulledAt) : 'never'}; last push: ${s.pushedAt ? formatTime(s.pushedAt) : 'never'}`);
      return EXIT.ok;
    } finally {
      await team.close();
    }
  } catch (err) {
    return reportFailure(ctx, 'team status', err);
  } finally {
    store.close();
  }
}
