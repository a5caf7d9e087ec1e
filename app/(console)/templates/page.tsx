import type { Metadata } from 'next';
import { underDeadline } from '@/lib/influx/deadline';
import Link from 'next/link';
import { TemplateCard } from '@/components/templates/template-card';
import { Button, buttonClass } from '@/components/ui/button';
import { requirePageUser } from '@/lib/auth/page-guard';
import { consolePolicy } from '@/lib/policy/console-policy';
import { decide } from '@/lib/policy/operations';
import { loadCatalogue } from '@/lib/templates/catalogue';
import { mayUseTemplate } from '@/lib/templates/model';
import { displayOrgName } from '@/lib/templates/org-name';
import { searchTemplates } from '@/lib/templates/search';

export const metadata: Metadata = { title: 'Templates' };

async function TemplatesPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const user = await requirePageUser('tokens.view');
  const params = await searchParams;
  const q = (typeof params.q === 'string' ? params.q : '').slice(0, 200);
  const [catalogue, orgName] = await Promise.all([loadCatalogue(), displayOrgName()]);
  const shown = searchTemplates(catalogue.templates, q);
  const isAdmin = decide(user.role, 'template.write', consolePolicy()).allowed;
  const mayMint = decide(user.role, 'token.mint', consolePolicy()).allowed;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end gap-4">
        <div className="mr-auto">
          <h1 className="text-2xl font-semibold">Templates</h1>
          <p className="mt-1 max-w-2xl text-sm text-ink-muted">
            Named permission sets for recurring tokens. “Use template” opens the token form already filled in; you review it and create the
            token yourself. Links never contain a token.
          </p>
        </div>
        {isAdmin && (
          <Link href="/templates/new" className={buttonClass({ variant: 'primary' })}>
            New template
          </Link>
        )}
      </div>

      {!mayMint && (
        <p role="note" className="text-sm text-ink-muted">
          You are signed in as a viewer: you can browse templates, but creating tokens needs the creator role.
        </p>
      )}

      <form role="search" method="get" className="flex max-w-xl gap-2">
        <label htmlFor="template-search" className="sr-only">
          Search templates
        </label>
        <input
          id="template-search"
          name="q"
          type="search"
          defaultValue={q}
          placeholder="Search by name, purpose or permission (e.g. telegraf, write:buckets)"
          className="w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm"
        />
        <Button type="submit">Search</Button>
      </form>

      {isAdmin && catalogue.problems.length > 0 && (
        <section role="alert" className="rounded-card border border-warn-600/40 bg-warn-50 p-4 text-sm text-warn-800">
          <h2 className="font-medium">Some templates could not be shown</h2>
          <ul className="mt-1 list-disc pl-5">
            {catalogue.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </section>
      )}

      {shown.length === 0 ? (
        <p className="rounded-card border border-dashed border-gray-300 bg-surface p-8 text-center text-sm text-ink-muted">
          {q
            ? `No template matches “${q}”.`
            : isAdmin
              ? 'No templates yet. Create one for the tokens your teams ask for most often.'
              : 'No templates yet. Admins can create them.'}
        </p>
      ) : (
        <>
          <p className="text-sm text-ink-muted" aria-live="polite">
            {q ? `${shown.length} of ${catalogue.templates.length} templates match “${q}”.` : `${shown.length} templates`}
          </p>
          <div className="grid gap-4 md:grid-cols-2">
            {shown.map((t) => (
              <TemplateCard
                key={t.slug}
                template={t}
                orgName={orgName}
                use={!mayMint ? 'browse' : mayUseTemplate(user.role, t.latest) ? 'use' : 'admins-only'}
              />
            ))}
          </div>
        </>
      )}
    </div>
  );
}

// One deadline for all the InfluxDB calls of a render (lib/influx/deadline.ts).
export default underDeadline(TemplatesPage);
