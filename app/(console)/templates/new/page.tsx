import type { Metadata } from 'next';
import { underDeadline } from '@/lib/influx/deadline';
import Link from 'next/link';
import { TemplateEditor } from '@/components/templates/template-editor';
import { requirePageUser } from '@/lib/auth/page-guard';
import { consoleLifetimesConfig } from '@/lib/lifetimes/console-lifetimes';
import { storeChoices } from '@/lib/secret-stores/console-delivery';
import { findTemplate } from '@/lib/templates/catalogue';
import { editorContext } from '@/lib/templates/editor-context';
import { isTemplateSlug } from '@/lib/links/share-link';
import { toFormValues } from '@/lib/templates/template-form';
import { templateActions } from '../template-actions';

export const metadata: Metadata = { title: 'New template' };

async function NewTemplatePage({ searchParams }: { searchParams: Promise<{ from?: string | string[] }> }) {
  await requirePageUser('template.write');
  const { from } = await searchParams;
  // "Duplicate": start from another template's latest version, under a new name.
  const source = typeof from === 'string' && isTemplateSlug(from) ? await findTemplate(from) : undefined;
  const ctx = await editorContext();
  const initial = source
    ? { slug: '', ...toFormValues(source.latest), title: `${source.latest.title} (copy)` }
    : { slug: '', title: '', purpose: '', description: '', permissions: '', audience: 'creators' as const, notes: '', lifetime: '' };
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-ink-muted">
        <Link href="/templates" className="hover:underline">
          Templates
        </Link>{' '}
        / New
      </nav>
      <h1 className="text-2xl font-semibold">{source ? `New template from “${source.latest.title}”` : 'New template'}</h1>
      <TemplateEditor
        actions={templateActions}
        mode="create"
        initial={initial}
        orgName={ctx.orgName}
        resourceTypes={ctx.resourceTypes}
        lifetimePolicy={consoleLifetimesConfig().policy}
        stores={storeChoices()}
      />
    </div>
  );
}

// One deadline for all the InfluxDB calls of a render (lib/influx/deadline.ts).
export default underDeadline(NewTemplatePage);
