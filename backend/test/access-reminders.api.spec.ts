import { DataSource } from 'typeorm';
import type { App } from 'supertest/types';
import { Notification } from '../src/notifications/notification.entity';
import { ReminderService } from '../src/notifications/reminder.service';
import { User } from '../src/users/user.entity';
import { CaseDriver, XHR } from './support/case-driver';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

/** Deadline notices about a restricted case go only to the people who may see it. */
describe('API: reminders respect case restriction', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  it('does not notify a team member left out of a restricted case', async () => {
    const d = await CaseDriver.start(t.app.getHttpServer() as App, 'Cas restreint');
    await d.reported();
    const db = t.app.get(DataSource);
    const teacher = await db.getRepository(User).findOneByOrFail({ email: DEMO.teacher });
    const other = await db.getRepository(User).findOneByOrFail({ email: 'orientation.rabat@demo.sanad.ma' });
    const detail = await d.detail('principal');
    await d.agents.principal
      .put(`/api/cases/${d.caseId}/restriction`)
      .set(XHR)
      .send({ expectedSeq: detail.lastEventSeq, restricted: true, members: [teacher.id], reason: 'Personnel mis en cause' })
      .expect(200);
    await t.app.get(ReminderService).runOnce(new Date('2027-06-30T12:00:00Z'));
    const notices = await db.getRepository(Notification).findBy({ caseId: d.caseId });
    const recipients = new Set(notices.map((n) => n.userId));
    expect(recipients.has(other.id)).toBeFalse();
    expect(notices.length).toBeGreaterThan(0);
  });
});
