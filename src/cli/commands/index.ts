import type { Command } from '../command';
import { doctorCommand } from './doctor';
import { initCommand } from './init';
import { runCommand } from './run';

/** Every `mlops` verb, in the order `mlops --help` lists them. */
export const commands: Command[] = [initCommand, doctorCommand, runCommand];
