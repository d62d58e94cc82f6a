import { describe, expect, it } from 'vitest';
import { boundDifferences } from '@/testing/openapiBounds';
import { createUserSchema, setPasswordSchema, updateUserSchema } from './userForm';

describe('the user form schemas', () => {
  it('have the bounds of the API’s requests', () => {
    expect(boundDifferences(createUserSchema, 'CreateUserRequest')).toEqual([]);
    expect(boundDifferences(updateUserSchema, 'UpdateUserRequest')).toEqual([]);
    expect(boundDifferences(setPasswordSchema, 'SetPasswordRequest')).toEqual([]);
  });
});
