/** Reads what the user can connect to (settings, env) and the secrets a target needs (SecretStorage, env). */
import { type ConnectTarget, DEMO_TARGET, envTarget, PASTED_TARGET, profileTarget, type TargetSecrets } from './logic/connectTarget';
import type { Services } from './services';
import { readSettings } from './settings';

/** Every place the user can connect to right now (profiles, env var, pasted string, demo). */
export function availableTargets(): ConnectTarget[] {
  const settings = readSettings();
  return [...settings.profiles.map(profileTarget), envTarget(settings.connectionStringEnvVar), PASTED_TARGET, DEMO_TARGET];
}

/** Reads the secrets `target` needs (only those), registering them for redaction. */
export async function secretsFor(services: Services, target?: ConnectTarget): Promise<TargetSecrets> {
  const pastedUrl = !target || target.kind === 'pasted' ? await services.secretStore.pastedUrl() : undefined;
  services.redactions.addUrl(pastedUrl);
  if (!target || target.kind === 'env') services.redactions.addUrl(process.env[readSettings().connectionStringEnvVar]);
  return {
    env: process.env,
    password: target?.kind === 'profile' ? await services.secretStore.password(target.profile) : undefined,
    pastedUrl,
  };
}
