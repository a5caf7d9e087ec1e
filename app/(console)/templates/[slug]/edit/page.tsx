import type { Metadata } from 'next';
import { underDeadline } from '@/lib/influx/deadline';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TemplateEditor } from '@/components/templates/template-editor';
import { requirePageUser } from '@/lib/auth/page-guard';
import { consoleLifetimesConfig } from '@/lib/lifetimes/console-lifetimes';
import { storeChoices } from '@/lib/secret-stores/console-delivery';
import { isTemplateSlug } from '@/lib/links/share-link';
import { findTemplate } from '@/lib/templates/catalogue';
import { editorContext } from '@/lib/templates/editor-context';
import { toFormValues } from '@/lib/templates/template-form';
import { templateActions } from '../../template-actions';

export const metadata: Metadata = { title: 'Edit template' };

async function EditTemplatePage({ params }: { params: Promise<{ slug: string }> }) {
  await requirePageUser('template.write');
  const { slug } = await params;
  const template = isTemplateSlug(slug) ? await findTemplate(slug) : undefined;
  if (!template) notFound();
  const crumbs = (
    <nav aria-label="Breadcrumb" className="text-sm text-ink-muted">
      <Link href="/templates" className="hover:underline">
        Templates
      </Link>{' '}
      /{' '}
      <Link href={`/templates/${slug}`} className="hover:underline">
        {template.latest.title}
      </Link>{' '}
      / Edit
    </nav>
  );
  if (template.source === 'file') {
    return (
      <div className="space-y-4">
        {crumbs}
        <h1 className="text-2xl font-semibold">{template.latest.title} is read-only</h1>
        <p className="text-sm">This template comes from the deployment’s configuration file. Change it there (it is reviewed in git).</p>
      </div>
    );
  }
  const ctx = await editorContext();
  return (
    <div className="space-y-4">
      {crumbs}
      <h1 className="text-2xl font-semibold">Edit “{template.latest.title}”</h1>
      <p className="text-sm text-ink-muted">
        Saving makes version {template.latest.version + 1}; earlier versions stay available, and links pinned to them keep working.
      </p>
      <TemplateEditor
        actions={templateActions}
        mode="edit"
        initial={{ slug, ...toFormValues(template.latest) }}
        baseVersion={template.latest.version}
        orgName={ctx.orgName}
        resourceTypes={ctx.resourceTypes}
        lifetimePolicy={consoleLifetimesConfig().policy}
        stores={storeChoices()}
      />
    </div>
  );
}

// One deadline for all the InfluxDB calls of a render (lib/influx/deadline.ts).
export default underDeadline(EditTemplatePage);
