import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash, verify } from '@node-rs/argon2';
import { directoryFor } from '@sanad/seeds';
import { DataSource, QueryFailedError } from 'typeorm';
import { ARGON2_OPTIONS } from '../auth/password-hash';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { nowIso } from '../database/columns';
import { Province, Region, School } from '../organisation/organisation.entities';
import { SCHOOL_CODE_PATTERN } from '../organisation/units';
import { newPasscode, newReportCode, normaliseCode, PASSCODE_LENGTH, REPORT_CODE_LENGTH } from './codes';
import type {
  ChallengeDto,
  FollowUpViewDto,
  HelplineDto,
  PublicSchoolDto,
  ReportReceiptDto,
  SubmitPublicReportDto,
} from './dto/public-report.dto';
import { IntakeNotices } from './intake-notices';
import { checkProof, issueChallenge, UsedChallenges } from './proof-of-work';
import { IntakeReport, IntakeReportMessage, reporterStatus } from './public-report.entities';
import { RateLimiter } from './rate-limiter';
import { Semaphore } from './semaphore';
import { appendReportEvent } from './report-events';

/** The helplines shown on the public page and the poster, in this order (seeds/data/reference/directory.json). */
export const PUBLIC_HELPLINES = ['EMC_HELPLINE', 'ONDE_2511', 'POLICE_19', 'GENDARMERIE_177'] as const;

/** A 429 with the number of seconds to wait (the controller writes `Retry-After`). */
export class RateLimited extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('PUBLIC_REPORT_RATE_LIMITED');
  }
}

interface PublicSchool {
  id: string;
  code: string;
  nameFr: string;
  nameAr: string;
  regionCode: string;
}

const HOUR = 3_600_000;
const QUARTER = 15 * 60_000;

/**
 * The public side of the reporting channel (issue #11, docs/public-reporting.md): no account, a proof of work
 * instead of a captcha, rate limits in memory (per process), a report code and a passcode shown once. The client
 * address is used by the rate limiters only (HMAC keys in memory for one window) and never written anywhere.
 */
@Injectable()
export class PublicReportsService {
  private readonly used = new UsedChallenges();
  private readonly perAddress: RateLimiter;
  private readonly perSchool: RateLimiter;
  private readonly followUpPerAddress: RateLimiter;
  private readonly followUpPerCode: RateLimiter;
  private readonly schools = new Map<string, { school: PublicSchool; until: number }>();
  /** verified when the code is unknown, so both answers take the same time */
  private readonly dummyHash: Promise<string>;
  /** argon2 work of the public side: one at a time, so a flood never takes more than one core from the staff */
  private readonly hashing = new Semaphore(1);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notices: IntakeNotices,
  ) {
    const c = config.publicReports;
    this.perAddress = new RateLimiter(HOUR, c.perAddressPerHour);
    this.perSchool = new RateLimiter(HOUR, c.perSchoolPerHour);
    this.followUpPerAddress = new RateLimiter(QUARTER, c.followUpPerAddress);
    this.followUpPerCode = new RateLimiter(QUARTER, c.followUpPerCode);
    this.dummyHash = hash(newPasscode(), ARGON2_OPTIONS);
  }

  /** A school's public page: its names and the helplines of its academy. */
  async school(code: string): Promise<PublicSchoolDto> {
    const school = await this.findSchool(code);
    return { code: school.code, nameFr: school.nameFr, nameAr: school.nameAr, helplines: helplines(school.regionCode) };
  }

  /**
   * A signed challenge; harder while the school receives many reports (a flood). When the school's quota (or the
   * address's) is used up, 429 at once: no work is asked for a report that would be refused, and a flood stops
   * here, before any body is sent.
   */
  async challenge(schoolCode: string, address: string): Promise<ChallengeDto> {
    const school = await this.findSchool(schoolCode);
    const now = Date.now();
    for (const [limiter, key] of [
      [this.perAddress, `report:${address}`],
      [this.perSchool, school.id],
    ] as const) {
      const decision = limiter.check(key, now);
      if (!decision.allowed) throw new RateLimited(decision.retryAfterSeconds);
    }
    return issueChallenge(this.config.sessionSecret, school.code, this.difficulty(school.id), now);
  }

  /** The difficulty now: +2 bits past a quarter of the school's hourly limit, +4 past half. */
  difficulty(schoolId: string): number {
    const c = this.config.publicReports;
    const load = this.perSchool.count(schoolId, Date.now()) / c.perSchoolPerHour;
    return Math.min(26, c.powBits + (load >= 0.5 ? 4 : load >= 0.25 ? 2 : 0));
  }

  async submit(schoolCode: string, dto: SubmitPublicReportDto, address: string): Promise<ReportReceiptDto> {
    const school = await this.findSchool(schoolCode);
    const now = Date.now();
    // the work first (cheap to check, costly to forge): garbage never consumes a school's quota
    const proof = checkProof(this.config.sessionSecret, school.code, dto.challenge, dto.nonce, now);
    if (!proof.ok || !this.used.use(proof.id, proof.expiresAt, now)) throw new DomainError('PUBLIC_REPORT_PROOF_INVALID');
    this.limit(this.perAddress, `report:${address}`, now);
    this.limit(this.perSchool, school.id, now);

    const passcode = newPasscode();
    const passcodeHash = await this.hashing.run(() => hash(passcode.replace(/-/g, ''), ARGON2_OPTIONS));
    const at = nowIso();
    const contact = dto.contact?.trim() ? dto.contact.trim() : null;
    const involved = dto.involved?.trim() ? dto.involved.trim() : null;
    for (let attempt = 1; ; attempt++) {
      const reportCode = newReportCode();
      const id = randomUUID();
      try {
        await this.db.transaction(async (m) => {
          await m.getRepository(IntakeReport).insert({
            id,
            schoolId: school.id,
            code: reportCode.replace(/-/g, ''),
            passcodeHash,
            language: dto.language,
            reporterRole: dto.reporterRole,
            whatHappened: dto.whatHappened.trim(),
            platforms: [...new Set(dto.platforms)],
            since: dto.since,
            involved,
            dangerNow: dto.dangerNow,
            contact,
            status: 'pending',
            caseId: null,
            dismissReason: null,
            receivedAt: at,
            handledAt: null,
            closedAt: null,
            updatedAt: at,
            lastSeq: 0,
          });
          await appendReportEvent(m, id, { type: 'received', actor: null, payload: { dangerNow: dto.dangerNow }, at });
          await this.notices.newReport(m, school.id, id, dto.dangerNow, at);
        });
        return { reportCode, passcode, dangerNow: dto.dangerNow };
      } catch (error) {
        // 45 bits of code: a collision is rare, but possible
        if (attempt < 5 && error instanceof QueryFailedError && /unique|duplicate/i.test(error.message)) continue;
        throw error;
      }
    }
  }

  async followUp(reportCode: unknown, passcode: unknown, address: string): Promise<FollowUpViewDto> {
    const report = await this.authenticate(reportCode, passcode, address);
    return this.view(report);
  }

  async reply(reportCode: unknown, passcode: unknown, body: string, address: string): Promise<FollowUpViewDto> {
    const report = await this.authenticate(reportCode, passcode, address);
    if (reporterStatus(report) === 'closed') throw new DomainError('PUBLIC_REPORT_CLOSED');
    const at = nowIso();
    await this.db.transaction(async (m) => {
      await m.getRepository(IntakeReportMessage).insert({
        id: randomUUID(),
        reportId: report.id,
        side: 'reporter',
        body: body.trim(),
        authorId: null,
        at,
        readAt: null,
      });
      await appendReportEvent(m, report.id, { type: 'reporter_message', actor: null, at });
    });
    return this.view(report);
  }

  /**
   * The report of this code if the passcode is right. Unknown code, malformed code and wrong passcode all answer the
   * same 404 after the same work (one argon2 verification, against a dummy hash when there is no report).
   */
  private async authenticate(rawCode: unknown, rawPasscode: unknown, address: string): Promise<IntakeReport> {
    if (!this.config.publicReports.enabled) throw new DomainError('PUBLIC_REPORT_NOT_FOUND');
    const now = Date.now();
    const code = normaliseCode(rawCode, REPORT_CODE_LENGTH);
    this.limit(this.followUpPerAddress, `follow-up:${address}`, now);
    this.limit(this.followUpPerCode, code ?? String(rawCode).slice(0, 64).toUpperCase(), now);
    const passcode = normaliseCode(rawPasscode, PASSCODE_LENGTH) ?? '';
    const report = code ? await this.db.getRepository(IntakeReport).findOneBy({ code }) : null;
    const dummy = await this.dummyHash;
    const ok = await this.hashing.run(() =>
      report
        ? verify(report.passcodeHash, passcode).catch(() => false)
        : verify(dummy, passcode).then(
            () => false,
            () => false,
          ),
    );
    if (!report || !ok) throw new DomainError('PUBLIC_REPORT_NOT_FOUND');
    return report;
  }

  private async view(report: IntakeReport): Promise<FollowUpViewDto> {
    const fresh = await this.db.getRepository(IntakeReport).findOneByOrFail({ id: report.id });
    const school = await this.db.getRepository(School).findOneByOrFail({ id: fresh.schoolId });
    const messages = await this.db
      .getRepository(IntakeReportMessage)
      .find({ where: { reportId: fresh.id }, order: { at: 'ASC', id: 'ASC' } });
    return {
      status: reporterStatus(fresh),
      schoolNameFr: school.nameFr,
      schoolNameAr: school.nameAr,
      messages: messages.map((msg) => ({ from: msg.side, body: msg.body, at: msg.at })),
    };
  }

  private limit(limiter: RateLimiter, key: string, now: number): void {
    const decision = limiter.hit(key, now);
    if (!decision.allowed) throw new RateLimited(decision.retryAfterSeconds);
  }

  /** The school of a public page (cached five minutes: a flood does not reach the database for it). */
  async findSchool(rawCode: string): Promise<PublicSchool> {
    // only what can be a school code reaches the database (a NUL byte, say, is an error on PostgreSQL)
    if (!this.config.publicReports.enabled || typeof rawCode !== 'string' || !SCHOOL_CODE_PATTERN.test(rawCode.trim())) {
      throw new DomainError('PUBLIC_SCHOOL_NOT_FOUND');
    }
    const code = rawCode.trim().toUpperCase();
    const cached = this.schools.get(code);
    if (cached && cached.until > Date.now()) return cached.school;
    const row = await this.db
      .createQueryBuilder()
      .select('s.id', 'id')
      .addSelect('s.code', 'code')
      .addSelect('s.nameFr', 'nameFr')
      .addSelect('s.nameAr', 'nameAr')
      .addSelect('r.code', 'regionCode')
      .from(School, 's')
      .innerJoin(Province, 'p', 'p.id = s.provinceId')
      .innerJoin(Region, 'r', 'r.id = p.regionId')
      .where('UPPER(s.code) = :code', { code })
      .getRawOne<PublicSchool>();
    if (!row) throw new DomainError('PUBLIC_SCHOOL_NOT_FOUND');
    if (this.schools.size > 5000) this.schools.clear();
    this.schools.set(code, { school: row, until: Date.now() + 5 * 60_000 });
    return row;
  }
}

/** The national helplines of the public page and the poster (an academy's own entry with the same id replaces it). */
export function helplines(regionCode: string | null): HelplineDto[] {
  const directory = directoryFor(regionCode);
  return PUBLIC_HELPLINES.flatMap((id) => {
    const e = directory.find((d) => d.id === id);
    if (!e) return [];
    const phone = e.contacts.find((c) => c.kind === 'phone')?.value;
    const url = e.contacts.find((c) => c.kind === 'url')?.value;
    const whatsapp = e.contacts.find((c) => c.kind === 'whatsapp')?.value;
    return [
      {
        id: e.id,
        name: { fr: e.name.fr, ar: e.name.ar, en: e.name.en },
        ...(phone ? { phone } : {}),
        ...(url ? { url } : {}),
        ...(whatsapp ? { whatsapp } : {}),
      },
    ];
  });
}
