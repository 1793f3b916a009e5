// The fixed list of error codes the gateway answers with, over REST and in socket acks. Screens map
// each code to text in both languages; nothing else (no stack trace, no driver message) reaches a client.
export const ERROR_CODES = {
  BAD_REQUEST: { status: 400, zh: '请求参数有误', en: 'The request is not valid' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Sign in first' },
  TOKEN_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'Your session has expired; sign in again' },
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong user name or password' },
  FORBIDDEN: { status: 403, zh: '没有权限', en: 'You are not allowed to do this' },
  NOT_FOUND: { status: 404, zh: '未找到', en: 'Not found' },
  CONFLICT: { status: 409, zh: '已被他人更新，请刷新后重试', en: 'Someone else changed this first; reload and try again' },
  /** A case command its state does not allow (accepting a closed case). */
  WRONG_STATE: { status: 409, zh: '当前状态下不能进行此操作', en: 'Not possible in the state this is in' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求内容过大', en: 'The request is too large' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again shortly' },
  BUSY: { status: 429, zh: '同类任务正在进行，请等其完成后再试', en: 'Another one of these is running; try again when it has finished' },
  TIMEOUT: { status: 503, zh: '处理时间过长，已停止；请缩小范围后重试', en: 'This took too long and was stopped; try a smaller range' },
  OUT_OF_RETENTION: { status: 422, zh: '该时段的原始数据已不在保留范围内', en: 'The recorded events of that period are no longer kept' },
  UNAVAILABLE: { status: 503, zh: '服务暂不可用', en: 'The service is not available right now' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Something went wrong on the server' },
  PROTOCOL_MISMATCH: { status: 426, zh: '页面版本过旧，请刷新', en: 'This page is out of date; reload it' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Which field was wrong, for BAD_REQUEST. */
  field?: string;
}

/** Every REST error body and every failed socket ack. */
export type Failure = { ok: false; error: ApiError };
export type Ack<T> = { ok: true; data: T } | Failure;

export function failure(code: ErrorCode, message: string = ERROR_CODES[code].en, field?: string): Failure {
  return { ok: false, error: field ? { code, message, field } : { code, message } };
}
