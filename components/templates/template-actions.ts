// The template server actions, as the editor and the delete button receive them: passed in by
// the pages, never imported from app/ (why: components/inventory/inventory-actions.ts).
import type { z } from 'zod';
import type { ActionResult } from '@/lib/actions/result';
import type { createTemplateSchema, deleteTemplateSchema, updateTemplateSchema } from '@/lib/templates/template-form';

type Call<I, T> = (input: I) => Promise<ActionResult<T>>;
type Saved = { slug: string; version: number };

export interface TemplateActions {
  createTemplate: Call<z.input<typeof createTemplateSchema>, Saved>;
  updateTemplate: Call<z.input<typeof updateTemplateSchema>, Saved>;
}

export type DeleteTemplate = Call<z.input<typeof deleteTemplateSchema>, unknown>;
