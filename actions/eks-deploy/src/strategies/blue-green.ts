/** The blue-green strategy's steps against the cluster: deploy the idle colour and switch, promote, or reject. */
import { ActionError } from '@aws-delivery/action-kit';
import type { ApplyPlan, KubeObject, PlannedObject } from '@aws-delivery/k8s';
import { phase, type DeployContext } from '../deploy-context.js';
import { deleteIfPresent, liveObject } from '../live.js';
import {
  BlueGreenPlanError,
  coloredDeployment,
  coloredName,
  otherColor,
  planBlueGreen,
  renamed,
  serviceToColor,
  type BlueGreenPlan,
  type BlueGreenUnit,
  type Color,
} from './blue-green-plan.js';
import { applyAll, applyAndWatch } from './rolling.js';

async function plan(ctx: DeployContext, applyPlan: ApplyPlan): Promise<BlueGreenPlan> {
  const live = new Map<string, KubeObject | undefined>();
  for (const planned of applyPlan.objects.filter((p) => p.object.kind === 'Service'))
    live.set(planned.key, await liveObject(ctx, planned.object));
  try {
    return planBlueGreen(applyPlan, live);
  } catch (error) {
    if (error instanceof BlueGreenPlanError)
      throw new ActionError(error.message, 'Give each Deployment its own Service in the manifests.');
    throw error;
  }
}

function name(unit: BlueGreenUnit): string {
  return `${unit.deployment.object.metadata.namespace}/${unit.deployment.object.metadata.name}`;
}

function coloredPlanned(unit: BlueGreenUnit, color: Color): PlannedObject {
  return renamed(unit.deployment, coloredDeployment(unit.deployment.object, color));
}

async function switchServices(
  ctx: DeployContext,
  units: readonly { unit: BlueGreenUnit; color: Color }[],
  label: string,
): Promise<void> {
  const services = units.flatMap(({ unit, color }) =>
    unit.services.map((s) => ({ ...s, object: serviceToColor(s.object, color) })),
  );
  await applyAll(ctx, { waves: [services] }, label);
}

export async function deployBlueGreen(ctx: DeployContext, applyPlan: ApplyPlan): Promise<void> {
  const bg = await plan(ctx, applyPlan);
  const baseWorkloads = bg.base.waves.length ? await applyAndWatch(ctx, bg.base) : [];
  if (baseWorkloads.some((w) => !w.rollout.ok)) {
    ctx.report.strategyState = 'failed';
    return;
  }
  const colors = [...new Set(bg.units.map((u) => u.next))];
  const workloads = await applyAndWatch(
    ctx,
    { waves: [bg.units.map((u) => coloredPlanned(u, u.next))] },
    `apply (${colors.join('/')})`,
    'a failed new colour is removed instead; traffic never moved to it',
  );
  if (ctx.config.dryRun) {
    await switchServices(
      ctx,
      bg.units.map((unit) => ({ unit, color: unit.next })),
      'switch',
    );
    ctx.report.strategyState = 'blue-green-dry-run';
    return;
  }
  if (workloads.some((w) => !w.rollout.ok)) {
    await phase(ctx, 'blue-green', 'remove failed colour', async () => {
      for (const unit of bg.units) await deleteIfPresent(ctx, coloredPlanned(unit, unit.next).object);
    });
    for (const unit of bg.units) {
      ctx.report.strategyNotes.push(
        `${coloredName(name(unit), unit.next)} did not become ready and was removed; the Services still send traffic to ${unit.active ?? 'nothing new'}.`,
      );
    }
    ctx.report.strategyState = 'switch-aborted';
    return;
  }
  await phase(ctx, 'blue-green', `switch Services to ${colors.join('/')}`, () =>
    switchServices(
      ctx,
      bg.units.map((unit) => ({ unit, color: unit.next })),
      'switch',
    ),
  );
  for (const unit of bg.units) {
    const services = unit.services.map((s) => s.object.metadata.name).join(', ');
    ctx.report.strategyNotes.push(
      `Service ${services}: traffic switched ${unit.active ? `from ${unit.active} ` : ''}to ${unit.next} (${coloredName(name(unit), unit.next)}).`,
    );
    ctx.log.info(`Switched ${services} to ${unit.next}`);
  }
  ctx.report.activeColor = colors.join(',');
  ctx.report.strategyState = `switched-to-${colors.join('-')}`;
}

function requireActive(unit: BlueGreenUnit, action: string): Color {
  if (!unit.active) {
    throw new ActionError(
      `Cannot ${action} Deployment ${name(unit)}: its Services select no colour, so no blue-green deploy has switched them yet.`,
      'Run the blue-green deploy step first.',
    );
  }
  return unit.active;
}

export async function promoteBlueGreen(ctx: DeployContext, applyPlan: ApplyPlan): Promise<void> {
  const bg = await plan(ctx, applyPlan);
  await phase(ctx, 'blue-green', 'remove idle colour', async () => {
    for (const unit of bg.units) {
      const active = requireActive(unit, 'promote');
      const idle = coloredPlanned(unit, otherColor(active)).object;
      const removed = await deleteIfPresent(ctx, idle);
      ctx.report.strategyNotes.push(
        removed
          ? `Promoted ${active}: removed the idle ${idle.metadata.name}.`
          : `Promoted ${active}: no idle colour was running.`,
      );
      ctx.report.activeColor = active;
    }
  });
  ctx.report.strategyState = 'promoted';
}

export async function rejectBlueGreen(ctx: DeployContext, applyPlan: ApplyPlan): Promise<void> {
  const bg = await plan(ctx, applyPlan);
  const back: { unit: BlueGreenUnit; color: Color }[] = [];
  for (const unit of bg.units) {
    const active = requireActive(unit, 'reject');
    const previous = otherColor(active);
    const standby = await liveObject(ctx, coloredPlanned(unit, previous).object);
    if (!standby) {
      throw new ActionError(
        `Cannot switch Deployment ${name(unit)} back to ${previous}: ${coloredName(name(unit), previous)} is not running (already promoted?).`,
        'Deploy the previous version again instead.',
      );
    }
    back.push({ unit, color: previous });
  }
  await phase(ctx, 'blue-green', 'switch Services back', () => switchServices(ctx, back, 'switch back'));
  await phase(ctx, 'blue-green', 'remove rejected colour', async () => {
    for (const { unit, color } of back) {
      await deleteIfPresent(ctx, coloredPlanned(unit, otherColor(color)).object);
      ctx.report.strategyNotes.push(
        `Rejected ${otherColor(color)}: Services of ${name(unit)} switched back to ${color}; ${coloredName(name(unit), otherColor(color))} removed.`,
      );
    }
  });
  ctx.report.activeColor = [...new Set(back.map((b) => b.color))].join(',');
  ctx.report.strategyState = `switched-back-to-${ctx.report.activeColor}`;
}
