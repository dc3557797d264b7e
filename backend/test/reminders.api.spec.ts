import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { App } from 'supertest/types';
import { SMTPServer } from 'smtp-server';
import { ReminderService } from '../src/notifications/reminder.service';
import { CaseDriver, XHR } from './support/case-driver';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

interface Received {
  to: string[];
  body: string;
}

/** A local SMTP server, started by the test, that keeps what it receives. */
async function startSmtp(): Promise<{ port: number; mails: Received[]; stop: () => Promise<void> }> {
  const mails: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let body = '';
      stream.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const FAR_FUTURE = new Date('2027-06-30T12:00:00Z');

describe('API: deadline reminders', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  let server: App;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Sanad <sanad@ecole.example>' });
    server = t.app.getHttpServer() as App;
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('notifies the people who act when deadlines pass, once, in the app and by an e-mail digest', async () => {
    const d = await CaseDriver.start(server, 'Titre confidentiel à ne pas envoyer par e-mail');
    await d.complete('intake', 'team_member', {
      authorsKnown: true,
      authorsArePupils: true,
      types: ['INSULT'],
      repeated: true,
      platforms: ['TIKTOK'],
    });
    const reminders = t.app.get(ReminderService);
    const first = await reminders.runOnce(FAR_FUTURE);
    expect(first.ran).toBeTrue();
    expect(first.created).toBeGreaterThan(0);
    expect(first.emailed).toBeGreaterThan(0);

    const coordinator = (await d.agents.coordinator.get('/api/notifications').expect(200)).body as {
      id: string;
      kind: string;
      caseId: string;
      stepId: string;
      read: boolean;
      reference: string;
    }[];
    const mine = coordinator.filter((n) => n.caseId === d.caseId);
    expect(mine.map((n) => n.stepId)).toContain('danger_check');
    expect(mine.every((n) => ['deadline_overdue', 'deadline_escalation', 'deadline_warning'].includes(n.kind))).toBeTrue();

    const again = await reminders.runOnce(new Date(FAR_FUTURE.getTime() + 60_000));
    expect(again.created).toBe(0);
    expect(again.emailed).toBe(0);

    const toCoordinator = smtp.mails.filter((m) => m.to.includes(DEMO.coordinator));
    expect(toCoordinator.length).toBe(1);
    const body = toCoordinator[0].body;
    expect(body).toContain('Sanad');
    expect(body).not.toContain('Titre confidentiel');

    await d.agents.coordinator.post(`/api/notifications/${mine[0].id}/read`).set(XHR).expect(204);
    const after = (await d.agents.coordinator.get('/api/notifications').expect(200)).body as { id: string; read: boolean }[];
    expect(after.find((n) => n.id === mine[0].id)?.read).toBeTrue();
    // another person's notice cannot be touched
    const res = await d.agents.team_member.post(`/api/notifications/${mine[0].id}/read`).set(XHR).expect(404);
    expect(res.body.code).toBe('NOTIFICATION_NOT_FOUND');
  });

  it('tells no one before the warning time', async () => {
    const agent = request.agent(server);
    await agent.post('/api/auth/login').set(XHR).send({ email: DEMO.teacher, password: DEMO.password }).expect(200);
    const run = await t.app.get(ReminderService).runOnce(new Date('2020-01-01T00:00:00Z'));
    expect(run.created).toBe(0);
  });
});
