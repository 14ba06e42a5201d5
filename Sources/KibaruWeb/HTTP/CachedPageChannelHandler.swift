import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// Answers the GETs whose page the page cache holds on the connection's event loop, in the channel pipeline,
/// before the request reaches Hummingbird's concurrency and router: a hit then costs a dictionary lookup and a
/// write, which brings cached pages close to what nginx serves from files (issue 11).
///
/// Answers keep the requests' order: while a request passed on to the router has no answer yet, every later
/// request is passed on too (HTTP/1.1 pipelining). A GET is held from its head to its end; one with a body, one
/// that closes the connection (and every one after it), one the cache does not hold or cannot answer this second
/// goes on unchanged, and so does every request while the socket cannot take more (the router's answers wait for
/// the reader, which holds back reading: a client that sends without reading cannot fill the memory).
/// It sits after Hummingbird's `HTTPConnectionStateHandler`, which therefore counts its answers for idle timeouts
/// and closes the connection after them at graceful shutdown.
final class CachedPageChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let answers: CachedPageAnswers
    /// Requests passed on to the router whose answer's end has not been written yet.
    private var unanswered = 0
    /// A GET waiting for its end, to be answered here if the cache holds its page.
    private var held: HTTPRequest?
    /// A request passed on asked to close the connection: nothing after it is answered here (RFC 9112 §9.6).
    private var closing = false

    init(answers: CachedPageAnswers) {
        self.answers = answers
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            // A connection whose socket is full gets no answer here: the router's writes wait for the reader, and
            // so stop reading its requests (a client that pipelines without reading would fill the memory).
            if unanswered == 0, !closing, context.channel.isWritable, answers.mayAnswer(request) {
                held = request
            } else {
                pass(request, context: context)
            }
        case .body:
            if let request = held {
                held = nil
                pass(request, context: context)
            }
            context.fireChannelRead(data)
        case .end:
            guard let request = held else {
                context.fireChannelRead(data)
                return
            }
            held = nil
            guard context.channel.isWritable, let answer = answers.answer(to: request) else {
                pass(request, context: context)
                context.fireChannelRead(data)
                return
            }
            context.write(wrapOutboundOut(.head(answer.head)), promise: nil)
            if let body = answer.body { context.write(wrapOutboundOut(.body(body)), promise: nil) }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    /// Passes `request`'s head on to the router, which will answer it.
    private func pass(_ request: HTTPRequest, context: ChannelHandlerContext) {
        unanswered += 1
        if let connection = request.headerFields[.connection], connection.lowercased().contains("close") { closing = true }
        context.fireChannelRead(wrapInboundOut(.head(request)))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { unanswered -= 1 }
        context.write(data, promise: promise)
    }
}

/// Hummingbird's HTTP/1.1 child channel with a ``CachedPageChannelHandler`` after its connection state handler.
struct CachedPagesHTTP1Channel: ServerChildChannel {
    let base: HTTP1Channel
    let answers: CachedPageAnswers

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        let answers = answers
        return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let state = try pipeline.handler(type: HTTPConnectionStateHandler.self)
            try pipeline.addHandler(CachedPageChannelHandler(answers: answers), position: .after(state))
            return value
        }
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 as Hummingbird's `.http1` serves it; with `cachedPages`, the hits of the page cache are answered
    /// in the channel pipeline (``CachedPageChannelHandler``).
    public static func http1(idleTimeout: Duration?, cachedPages: CachedPageAnswers?) -> HTTPServerBuilder {
        .init { responder in
            let base = HTTP1Channel(responder: responder, configuration: .init(idleTimeout: idleTimeout.map { TimeAmount($0) }))
            guard let cachedPages else { return base }
            return CachedPagesHTTP1Channel(base: base, answers: cachedPages)
        }
    }
}
