import type { Command } from '../command';
import { alertsCommand } from './alerts';
import { auditCommand } from './audit';
import { dataCommand } from './data';
import { doctorCommand } from './doctor';
import { driftCommand } from './drift';
import { duCommand } from './du';
import { expectationsCommand } from './expectations';
import { gateCommand } from './gate';
import { initCommand } from './init';
import { lineageCommand } from './lineage';
import { metricsCommand } from './metrics';
import { modelCommand } from './model';
import { monitorCommand } from './monitor';
import { pipelineCommand } from './pipeline';
import { profileCommand } from './profile';
import { pullCommand } from './pull';
import { pushCommand } from './push';
import { remoteCommand } from './remote';
import { reproCommand } from './repro';
import { runCommand } from './run';
import { runsCommand } from './runs';
import { sdkCommand } from './sdk';
import { sweepCommand } from './sweep';
import { teamCommand } from './team';
import { validateCommand } from './validate';

/** Every `mlops` verb, in the order `mlops --help` lists them. */
export const commands: Command[] = [initCommand, doctorCommand, runCommand, sweepCommand, pipelineCommand, reproCommand, runsCommand, metricsCommand, dataCommand, duCommand, modelCommand, gateCommand, profileCommand, validateCommand, expectationsCommand, driftCommand, monitorCommand, lineageCommand, auditCommand, teamCommand, pushCommand, pullCommand, remoteCommand, alertsCommand, sdkCommand];
