// Texts the bot says outside any command, in one place so that every transport says the same.
export const GREETING = '您好，我是党建助手。可以直接提问“双强六好”标准，例如“第7条”“总结交给谁”；发送 **帮助** 查看全部命令。';
/** WeCom enter_chat welcome: the greeting without markdown (a text message). */
export const WELCOME_TEXT = GREETING.replaceAll('**', '');
export const FAILED_TEXT = '抱歉，处理这条消息时出错了，请稍后再试。';
/** The unfinished stream while an answer is being prepared. */
export const PENDING_TEXT = '正在查询…';
export const EXPIRED_TEXT = '抱歉，这条回答已过期，请重新提问。';
export const DUPLICATE_TEXT = '（这条消息已在处理，请查看上一条回答。）';
