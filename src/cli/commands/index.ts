import type { Command } from '../command';
import { doctorCommand } from './doctor';
import { initCommand } from './init';

/** Every `mlops` verb, in the order `mlops --help` lists them. */
export const commands: Command[] = [initCommand, doctorCommand];
