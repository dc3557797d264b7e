import { existsSync, readdirSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { AuditService } from './audit/audit.service';
import type { AppConfig } from './config/config';
import { errorBody, HttpErrorFilter } from './common/http-error.filter';
import { checkJsonBody, hardenHttpServer, rejectMalformedQuery } from './common/hostile-input';
import { JsonLogger } from './common/json-logger';
import { requestContext } from './common/request-context';
import { createValidationPipe } from './common/validation';

/**
 * Builds the whole HTTP application (used by `main.ts` and by the API specs): security headers, closed CORS,
 * body limits, the validation pipe, the one error filter, OpenAPI at /api/docs, and the built frontend at /.
 */
export async function createApp(config: AppConfig, logger = new JsonLogger(config.logLevel)): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    logger,
    bodyParser: false,
    abortOnError: false,
  });
  // timeouts and header count for slow clients (slowloris), before `listen`
  hardenHttpServer(app.getHttpServer());
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(requestContext(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Angular component styles are injected as <style> elements
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          upgradeInsecureRequests: config.publicUrl.startsWith('https:') ? [] : null,
        },
      },
      strictTransportSecurity: config.publicUrl.startsWith('https:'),
      // as frame-ancestors 'none', for browsers without CSP level 2
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins, credentials: true });
  app.use(cookieParser());
  // before the body parsers: their errors (400, 413) are not cached either
  app.use('/api', (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use('/api', rejectMalformedQuery);
  // CSV import (two files of at most 2 MB each, checked by the DTO); every other route: BODY_LIMIT. Bodies must
  // be valid UTF-8 and nest at most MAX_JSON_DEPTH levels (checkJsonBody)
  app.use('/api/admin/import', express.json({ limit: '5mb', strict: true, verify: checkJsonBody }));
  app.use('/api', express.json({ limit: config.bodyLimit, strict: true, verify: checkJsonBody }));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter(logger, app.get(AuditService)));

  SwaggerModule.setup('api/docs', app, openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });

  serveFrontend(app, config);
  // errors raised by Express middleware (body parser) before Nest's pipeline
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const body = errorBody(error, req, logger);
    if (!res.headersSent) res.status(body.statusCode).json(body);
  });
  return app;
}

/** The OpenAPI document of the API: served at /api/docs-json, and the contract the app's types are generated from. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Sanad API')
      .setDescription('Cyberharassment case handling for Moroccan school resource teams. Errors: { statusCode, code, message }.')
      .setVersion('0.1.0')
      .addCookieAuth('sanad_session')
      .build(),
  );
}

/** The contract as committed in frontend/src/app/api/openapi.json: keys sorted at every depth, two-space indent. */
export function canonicalContract(document: OpenAPIObject): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return `${JSON.stringify(sort(document), null, 2)}\n`;
}

function serveFrontend(app: NestExpressApplication, config: AppConfig): void {
  const index = join(config.frontendDir, 'index.html');
  if (!existsSync(index)) return;
  // hashed bundles (main-HASH.js, chunk-HASH.js, media/…-HASH.woff2) are immutable; index.html, ngsw.json and
  // the service worker must always be revalidated
  const cacheControl = (file: string) =>
    /[.-][0-9a-z]{8,}\.(js|css|woff2?)$/i.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache';
  // brotli / gzip copies written by the frontend build (frontend/scripts/precompress.mjs), sent when accepted
  const precompressed = new Set(
    readdirSync(config.frontendDir, { recursive: true, encoding: 'utf8' }).map((f) => '/' + f.split(sep).join('/')),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api')) return next();
    const accepted = String(req.headers['accept-encoding'] ?? '');
    const encoding = (['br', 'gzip'] as const).find(
      (e) => new RegExp(`\\b${e}\\b`).test(accepted) && precompressed.has(req.path + (e === 'br' ? '.br' : '.gz')),
    );
    res.vary('Accept-Encoding');
    if (!encoding) return next();
    res.setHeader('Content-Encoding', encoding);
    res.setHeader('Cache-Control', cacheControl(req.path));
    res.type(extname(req.path));
    res.sendFile(join(config.frontendDir, req.path + (encoding === 'br' ? '.br' : '.gz')));
  });
  app.use(
    express.static(config.frontendDir, {
      index: false,
      setHeaders: (res, file) => res.setHeader('Cache-Control', cacheControl(file)),
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
