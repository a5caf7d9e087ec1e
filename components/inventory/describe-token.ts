/** A token's name in sentences and lists: its description, or a stand-in when it has none. */
export const describeToken = (description: string) => (description.trim() ? description : '(no description)');
