import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CSRF_COOKIE, principalOf, SESSION_COOKIE } from '../http/access-hook.js';
import type { OrgModule } from './module.js';
import { LoginBody, LoginResponse, MeResponse, PasswordChangeBody } from './schemas.js';

/** Sign-in, sign-out and the caller's own profile. */
export const authRoutes: FastifyPluginAsyncTypebox<{ org: OrgModule; loginRateLimit: { max: number; timeWindow: string } }> = async (app, { org, loginRateLimit }) => {
  app.post(
    '/auth/login',
    {
      config: { access: 'public', rateLimit: loginRateLimit, audit: { action: 'login', objectType: 'session' } },
      schema: { tags: ['auth'], summary: 'Sign in with username and password (and a TOTP or recovery code when two-step verification is set up)', body: LoginBody, response: { 200: LoginResponse } },
    },
    async (request, reply) => {
      // Until the password checks out, the actor is only the name that was tried.
      request.audit.actor = { type: 'anonymous', id: null, name: request.body.username, roles: [], departmentId: null };
      const { username, password, otp, recoveryCode } = request.body;
      const result = await org.auth.login(username, password, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null }, { otp, recoveryCode });
      const secure = request.protocol === 'https';
      const cookieOptions = { path: '/', sameSite: 'strict' as const, secure, expires: result.expiresAt };
      reply.setCookie(SESSION_COOKIE, result.token, { ...cookieOptions, httpOnly: true });
      // Readable by the console so it can echo it in X-CSRF-Token; useless to another site under SameSite=Strict.
      reply.setCookie(CSRF_COOKIE, result.csrfToken, { ...cookieOptions, httpOnly: false });
      const user = (await org.users.view(result.user.id))!;
      request.audit.actor = { type: 'user', id: user.id, name: user.username, roles: user.roles, departmentId: user.departmentId };
      request.audit.details = { secondFactor: result.secondFactor, ...(result.recoveryCodesLeft !== undefined && { recoveryCodesLeft: result.recoveryCodesLeft }) };
      return { accessToken: result.token, expiresAt: result.expiresAt.toISOString(), user };
    },
  );

  app.post('/auth/logout', { config: { access: 'signed-in', allowDuringMfaEnrolment: true, audit: { action: 'logout', objectType: 'session' } }, schema: { tags: ['auth'], summary: 'End the current session' } }, async (request, reply) => {
    await org.auth.logout(principalOf(request));
    reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/me', { config: { access: 'signed-in', allowDuringMfaEnrolment: true, audit: { action: 'read', objectType: 'user' } }, schema: { tags: ['auth'], summary: 'The signed-in user and their permissions', response: { 200: MeResponse } } }, async (request) => {
    const principal = principalOf(request);
    return { user: (await org.users.view(principal.userId))!, permissions: principal.permissions };
  });

  app.post(
    '/me/password',
    { config: { access: 'signed-in', allowDuringMfaEnrolment: true, audit: { action: 'update', objectType: 'user' } }, schema: { tags: ['auth'], summary: 'Change your own password (ends your other sessions)', body: PasswordChangeBody } },
    async (request, reply) => {
      await org.auth.changeOwnPassword(principalOf(request), request.body.currentPassword, request.body.newPassword);
      return reply.status(204).send();
    },
  );
};
