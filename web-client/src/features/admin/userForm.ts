import { z } from 'zod';
import { clearances, roles } from '@/lib/auth/roles';
import { choice, message, optionalText, requiredText } from '@/lib/forms/schema';
import type { CreateUserRequest, UpdateUserRequest } from './api/admin';

// The user forms' schemas, with the bounds of CreateUserRequest, UpdateUserRequest and SetPasswordRequest
// (userForm.test.ts compares them with api/openapi/v1.json).

const password = z
  .string()
  .min(10, message('tooShort', { min: 10 }))
  .max(200, message('tooLong', { max: 200 }));

const access = {
  displayName: requiredText(200),
  unitCode: optionalText(32),
  roles: z
    .array(choice(roles))
    .min(1, message('roles'))
    .max(roles.length, message('tooMany', { max: roles.length })),
  clearance: choice(clearances),
};

export const createUserSchema = z.object({
  username: z
    .string()
    .max(50, message('tooLong', { max: 50 }))
    .regex(/^[a-z0-9._-]{3,50}$/, message('username')),
  ...access,
  password,
});
export type CreateUserValues = z.input<typeof createUserSchema>;

export const updateUserSchema = z.object({ ...access, active: z.boolean(), unlock: z.boolean() });
export type UpdateUserValues = z.input<typeof updateUserSchema>;

export const setPasswordSchema = z.object({ password });
export type SetPasswordValues = z.input<typeof setPasswordSchema>;

export function toCreateUserRequest(values: CreateUserValues): CreateUserRequest {
  const { unitCode, ...rest } = values;
  return { ...rest, username: values.username.trim(), displayName: values.displayName.trim(), ...(unitCode ? { unitCode } : {}) };
}

export function toUpdateUserRequest(values: UpdateUserValues): UpdateUserRequest {
  const { unitCode, ...rest } = values;
  return { ...rest, displayName: values.displayName.trim(), ...(unitCode ? { unitCode } : {}) };
}
