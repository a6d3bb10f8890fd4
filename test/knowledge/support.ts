// Shared helpers for the knowledge tests: one knowledge base per test file, fixtures, and the
// simple @mention stripping the question set is answered with.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadKnowledge, type NoticeKnowledge } from '../../src/knowledge/index.js';
import type { Answer, ItemRef, Knowledge } from '../../src/knowledge/types.js';
import { converse, type ConversationMemory, type Turn } from '../../src/knowledge/conversation.js';
import { answerReply, answersReply } from '../../src/bot/answer-text.js';
import type { Reply } from '../../src/core.js';

export const YEAR = 2026;

let shared: NoticeKnowledge | undefined;
export function kb(): NoticeKnowledge {
  shared ??= loadKnowledge({ campaignYear: YEAR });
  return shared;
}

let rules: NoticeKnowledge | undefined;
/** The rule engine without the learned model, to tell what the rules decide from what the model adds. */
export function rulesAlone(): NoticeKnowledge {
  rules ??= loadKnowledge({ campaignYear: YEAR, learned: null });
  return rules;
}

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** A Shanghai wall-clock instant, e.g. at('2026-10-08') is 10:00 that day in Asia/Shanghai. */
export function at(date: string, time = '10:00'): Date {
  return new Date(`${date}T${time}:00+08:00`);
}

export interface LabelledQuestion {
  q: string;
  expect: ItemRef;
  now?: string;
}

export interface QuestionFile {
  campaignYear: number;
  now: string;
  questions: LabelledQuestion[];
}

export function readQuestions(name: string): QuestionFile {
  return JSON.parse(readFixture(name)) as QuestionFile;
}

/** Removes @mentions the simple way: every token starting with @ or ＠, up to whitespace. */
export function stripMentionsSimple(text: string): string {
  return text.replace(/[@＠]\S*/gu, ' ').trim();
}

/** An answer with the reply the bot words for it (src/bot/answer-text.ts): what a member reads. */
export function answered(q: string, now: Date, k: Knowledge = kb()): Answer & { reply: Reply } {
  const a = k.answer(q, now);
  return { ...a, reply: answerReply(k, a, now) };
}

/** One turn of a conversation with its combined reply, as handlers/ask.ts gives it. */
export function talk(text: string, now: Date, memory: ConversationMemory | undefined): Turn & { reply: Reply } {
  const t = converse(kb(), text, now, memory);
  return { ...t, reply: answersReply(kb(), t.answers, now) };
}
