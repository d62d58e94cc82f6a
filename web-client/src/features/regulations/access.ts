/** Who may create a regulation and generate its review schedule: the document's x-required-roles of both operations. */
export const regulationWriterRoles = ['coordinator'] as const;
