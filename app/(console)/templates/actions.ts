'use server';
// Template changes: admins only, enforced here on the server (defineAction checks origin, input,
// session and role before anything runs). Each change is audited by the store in the same
// transaction; refused changes are audited here.
import { revalidatePath } from 'next/cache';
import { defineAction, type ActionContext } from '@/lib/actions/define-action';
import { fail, ok } from '@/lib/actions/result';
import { storedIdOfKnown } from '@/lib/connections/registry';
import { consoleLifetimesConfig } from '@/lib/lifetimes/console-lifetimes';
import { recordAudit } from '@/lib/storage/audit';
import { resolveDestination } from '@/lib/links/resolve-destination';
import { storeChoices } from '@/lib/secret-stores/console-delivery';
import type { TemplateContent } from '@/lib/templates/model';
import { TemplateStoreError, templateStore } from '@/lib/storage/templates';
import { isFileTemplate } from '@/lib/templates/catalogue';
import { templateLifetimeProblem } from '@/lib/templates/template-lifetime';
import { createTemplateSchema, deleteTemplateSchema, toTemplateContent, updateTemplateSchema } from '@/lib/templates/template-form';

const READ_ONLY = 'This template comes from the deployment’s configuration file and is read-only here; change it in that file.';

/** The page's connection as the store keeps it; undefined when the console has no such connection. */
function withStoredConnection(content: TemplateContent): TemplateContent | undefined {
  if (!content.connection) return content;
  const stored = storedIdOfKnown(content.connection);
  if (!stored) return undefined;
  const { connection: _asked, ...rest } = content;
  return stored === 'default' ? rest : { ...rest, connection: stored };
}

/**
 * The lifetime is decided again here, whatever the editor showed (issue 13), and a "Deliver to"
 * must name a store of this console and a path under its prefix (issue 17).
 */
async function contentRefusal(content: TemplateContent, action: string, slug: string, ctx: ActionContext) {
  const deliver = content.prefill.deliver;
  const destination = deliver ? resolveDestination(deliver, storeChoices()) : undefined;
  if (destination && !destination.ok) {
    await refused(action, slug, ctx, 'destination');
    const field = destination.field === 'store' ? 'deliverStore' : 'deliverPath';
    return fail('invalid-input', 'The “Deliver to” destination cannot be used on this console.', {
      fieldErrors: { [field]: [destination.error] },
    });
  }
  const problem = templateLifetimeProblem(content, consoleLifetimesConfig().policy, new Date());
  if (!problem) return undefined;
  await refused(action, slug, ctx, 'lifetime');
  return fail('invalid-input', 'The default lifetime is not allowed for everyone this template is for.', {
    fieldErrors: { lifetime: [problem] },
  });
}

async function refused(action: string, slug: string, ctx: ActionContext, reason: string) {
  await recordAudit({ requestId: ctx.requestId, actor: ctx.user, action, outcome: 'refused', detail: { template: slug, reason } });
}

async function storeFailure(error: unknown, action: string, slug: string, ctx: ActionContext) {
  if (!(error instanceof TemplateStoreError)) throw error;
  await refused(action, slug, ctx, error.code);
  if (error.code === 'not-found') return fail('not-found', error.message);
  return fail('conflict', error.message, error.code === 'stale' ? {} : { fieldErrors: { slug: [error.message] } });
}

export const createTemplate = defineAction(
  { name: 'template.create', schema: createTemplateSchema, operation: 'template.write', doing: 'create the template', perMinute: 30 },
  async (input, ctx) => {
    if (isFileTemplate(input.slug)) {
      const message = `“${input.slug}” is defined in the configuration file; choose another name.`;
      await refused('template.create', input.slug, ctx, 'file-template');
      return fail('conflict', message, { fieldErrors: { slug: [message] } });
    }
    try {
      const content = withStoredConnection(toTemplateContent(input));
      if (!content) return fail('not-found', `There is no connection “${input.connection}” in this console.`);
      const lifetimeRefused = await contentRefusal(content, 'template.create', input.slug, ctx);
      if (lifetimeRefused) return lifetimeRefused;
      const saved = await templateStore().create(input.slug, content, ctx);
      revalidatePath('/templates');
      return ok({ slug: saved.slug, version: saved.version });
    } catch (error) {
      return storeFailure(error, 'template.create', input.slug, ctx);
    }
  },
);

export const updateTemplate = defineAction(
  { name: 'template.update', schema: updateTemplateSchema, operation: 'template.write', doing: 'save the template', perMinute: 30 },
  async (input, ctx) => {
    if (isFileTemplate(input.slug)) {
      await refused('template.update', input.slug, ctx, 'file-template');
      return fail('forbidden', READ_ONLY);
    }
    try {
      const asked = withStoredConnection(toTemplateContent(input));
      if (!asked) return fail('not-found', `There is no connection “${input.connection}” in this console.`);
      // An edit opened without a connection in its URL keeps where the template was saved.
      const previous = input.connection ? undefined : (await templateStore().get(input.slug))?.latest;
      const content: TemplateContent = previous
        ? {
            ...asked,
            ...(previous.connection ? { connection: previous.connection } : {}),
            prefill: { ...asked.prefill, ...(previous.prefill.org && !input.org ? { org: previous.prefill.org } : {}) },
          }
        : asked;
      const lifetimeRefused = await contentRefusal(content, 'template.update', input.slug, ctx);
      if (lifetimeRefused) return lifetimeRefused;
      const saved = await templateStore().update(input.slug, content, input.baseVersion, ctx);
      revalidatePath('/templates');
      revalidatePath(`/templates/${saved.slug}`);
      return ok({ slug: saved.slug, version: saved.version });
    } catch (error) {
      return storeFailure(error, 'template.update', input.slug, ctx);
    }
  },
);

export const deleteTemplate = defineAction(
  { name: 'template.delete', schema: deleteTemplateSchema, operation: 'template.write', doing: 'delete the template', perMinute: 30 },
  async (input, ctx) => {
    if (isFileTemplate(input.slug)) {
      await refused('template.delete', input.slug, ctx, 'file-template');
      return fail('forbidden', READ_ONLY);
    }
    const removed = await templateStore().remove(input.slug, ctx);
    if (!removed) return fail('not-found', `There is no template named “${input.slug}” (it may have been deleted already).`);
    revalidatePath('/templates');
    return ok({ slug: input.slug });
  },
);
