// The editor's server actions as one object, handed to it by the new and edit pages.
import type { TemplateActions } from '@/components/templates/template-actions';
import { createTemplate, updateTemplate } from './actions';

export const templateActions: TemplateActions = { createTemplate, updateTemplate };
