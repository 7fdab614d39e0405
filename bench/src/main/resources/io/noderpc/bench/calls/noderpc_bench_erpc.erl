%% The erpc competitor of noderpc's calls scenario (docs/benchmarks.md).
%%
%% serve/0 runs on the server node: echo/1 answers calls, sink/1 counts one-way messages.
%% drive/1 runs on the driver node: it connects to the server node, says "ready" (with the
%% OTP and erts versions, as serve/0 does), then reads
%% commands from standard input, one per line, runs each load and prints one result line:
%%
%%   calls Payload Callers Millis
%%     -> noderpc_bench calls ops=N errors=N elapsed_us=N samples=N p50_us=F p99_us=F
%%   pipelined Payload Outstanding Millis
%%     -> noderpc_bench pipelined ops=N errors=N elapsed_us=N samples=N p50_us=F p99_us=F
%%   casts Payload Senders Millis
%%     -> noderpc_bench casts sent=N delivered=N elapsed_us=N
%%
%% A load that cannot run prints "noderpc_bench error Reason". Both nodes halt when their
%% standard input closes, so they never outlive the benchmark that started them.
-module(noderpc_bench_erpc).
-export([serve/0, drive/1, echo/1, sink/1, delivered/0]).

-define(CALL_TIMEOUT_MS, 30000).
-define(DRAIN_LIMIT_MS, 30000).
-define(MAX_CONSECUTIVE_ERRORS, 100).
%% Past this many samples a caller keeps every 8th, as the Java side does.
-define(SAMPLES_PER_CALLER, 200000).

serve() ->
    persistent_term:put({?MODULE, delivered}, counters:new(1, [write_concurrency])),
    spawn(fun() -> say("ready ~s", [versions()]), until_eof() end),
    ok.

echo(Bin) -> Bin.

sink(_Bin) -> counters:add(persistent_term:get({?MODULE, delivered}), 1, 1).

delivered() -> counters:get(persistent_term:get({?MODULE, delivered}), 1).

until_eof() ->
    case io:get_line("") of
        eof -> erlang:halt(0);
        {error, _} -> erlang:halt(0);
        _ -> until_eof()
    end.

drive(Server) ->
    spawn(fun() ->
        case net_kernel:connect_node(Server) of
            true ->
                <<"ping">> = erpc:call(Server, ?MODULE, echo, [<<"ping">>], ?CALL_TIMEOUT_MS),
                say("ready ~s", [versions()]),
                commands(Server);
            _ ->
                say("error cannot connect to ~s", [Server]),
                erlang:halt(1)
        end
    end),
    ok.

commands(Server) ->
    case io:get_line("") of
        eof -> erlang:halt(0);
        {error, _} -> erlang:halt(0);
        Line ->
            try string:lexemes(string:trim(Line), " ") of
                ["calls", P, N, Ms] -> calls(Server, int(P), int(N), int(Ms));
                ["pipelined", P, N, Ms] -> pipelined(Server, int(P), int(N), int(Ms));
                ["casts", P, N, Ms] -> casts(Server, int(P), int(N), int(Ms));
                Other -> say("error unknown command ~0p", [Other])
            catch
                Class:Reason -> say("error ~0p:~0p", [Class, Reason])
            end,
            commands(Server)
    end.

%% Closed loop: each caller calls, waits for the echo, checks its size, and calls again until
%% the deadline. Time runs from the start signal to the last caller's stop.
calls(Server, Payload, Callers, Ms) ->
    Bin = binary:copy(<<7>>, Payload),
    Self = self(),
    Pids = [spawn_link(fun() -> caller(Self, Server, Bin) end) || _ <- lists:seq(1, Callers)],
    T0 = erlang:monotonic_time(),
    Deadline = T0 + erlang:convert_time_unit(Ms, millisecond, native),
    [P ! {go, Deadline} || P <- Pids],
    Results = [receive {done, P, R} -> R end || P <- Pids],
    {Ops, Errors, Stop, Lats} = lists:foldl(
        fun({O, E, S, L}, {O0, E0, S0, L0}) -> {O0 + O, E0 + E, max(S0, S), [L | L0]} end,
        {0, 0, T0, []}, Results),
    Sorted = lists:sort(lists:append(Lats)),
    say("calls ops=~b errors=~b elapsed_us=~b samples=~b p50_us=~s p99_us=~s",
        [Ops, Errors, micros(Stop - T0), length(Sorted), quantile(Sorted, 0.50), quantile(Sorted, 0.99)]).

caller(Parent, Server, Bin) ->
    Deadline = receive {go, D} -> D end,
    {Ops, Errors, Lats} = call_loop(Server, Bin, byte_size(Bin), Deadline, 0, 0, 0, []),
    Parent ! {done, self(), {Ops, Errors, erlang:monotonic_time(), Lats}}.

call_loop(_Server, _Bin, _Size, _Deadline, Ops, Errors, ?MAX_CONSECUTIVE_ERRORS, Lats) ->
    {Ops, Errors, Lats};
call_loop(Server, Bin, Size, Deadline, Ops, Errors, Consecutive, Lats) ->
    Start = erlang:monotonic_time(),
    case Start >= Deadline of
        true ->
            {Ops, Errors, Lats};
        false ->
            Ok = try erpc:call(Server, ?MODULE, echo, [Bin], ?CALL_TIMEOUT_MS) of
                     Reply -> is_binary(Reply) andalso byte_size(Reply) =:= Size
                 catch
                     _:_ -> false
                 end,
            case Ok of
                true ->
                    Took = erlang:monotonic_time() - Start,
                    call_loop(Server, Bin, Size, Deadline, Ops + 1, Errors, 0, keep(Ops, Took, Lats));
                false ->
                    timer:sleep(1),
                    call_loop(Server, Bin, Size, Deadline, Ops, Errors + 1, Consecutive + 1, Lats)
            end
    end.

keep(N, Took, Lats) when N < ?SAMPLES_PER_CALLER -> [Took | Lats];
keep(N, Took, Lats) when N rem 8 =:= 0 -> [Took | Lats];
keep(_, _, Lats) -> Lats.

%% Pipelined (OTP 25 or later): one process keeps Outstanding requests in flight in a request id
%% collection (erpc:send_request/6, labelled with their start time), takes whichever reply comes
%% first with erpc:receive_response/3 and sends a new request in its place until the deadline.
%% Time runs until the last reply.
pipelined(Server, Payload, Outstanding, Ms) ->
    _ = code:ensure_loaded(erpc),
    case erlang:function_exported(erpc, reqids_new, 0) of
        true ->
            Bin = binary:copy(<<7>>, Payload),
            T0 = erlang:monotonic_time(),
            Deadline = T0 + erlang:convert_time_unit(Ms, millisecond, native),
            InFlight = lists:foldl(fun(_, Reqs) -> request(Server, Bin, Reqs) end, erpc:reqids_new(),
                                   lists:seq(1, Outstanding)),
            {Ops, Errors, Lats} = pipe_loop(Server, Bin, byte_size(Bin), Deadline, InFlight, 0, 0, 0, []),
            Stop = erlang:monotonic_time(),
            Sorted = lists:sort(Lats),
            say("pipelined ops=~b errors=~b elapsed_us=~b samples=~b p50_us=~s p99_us=~s",
                [Ops, Errors, micros(Stop - T0), length(Sorted), quantile(Sorted, 0.50),
                 quantile(Sorted, 0.99)]);
        false ->
            say("error pipelined needs erpc request id collections (OTP 25 or later)", [])
    end.

request(Server, Bin, InFlight) ->
    erpc:send_request(Server, ?MODULE, echo, [Bin], erlang:monotonic_time(), InFlight).

pipe_loop(Server, Bin, Size, Deadline, InFlight, Ops, Errors, Consecutive, Lats) ->
    Received = try erpc:receive_response(InFlight, ?CALL_TIMEOUT_MS, true) of
                   no_request -> done;
                   {Reply, Start, Rest} -> {is_binary(Reply) andalso byte_size(Reply) =:= Size, Start, Rest}
               catch
                   %% the call failed: the reason comes wrapped with its label and the collection left
                   _:{_Reason, Start, Rest} when is_integer(Start), is_map(Rest) -> {false, Start, Rest};
                   %% a timeout abandons every request in flight
                   _:_ -> {abandoned, erpc:reqids_size(InFlight)}
               end,
    case Received of
        done ->
            {Ops, Errors, Lats};
        {abandoned, Lost} ->
            {Ops, Errors + Lost, Lats};
        {Ok, Sent, Left} ->
            Now = erlang:monotonic_time(),
            {Ops1, Errors1, Consecutive1, Lats1} =
                case Ok of
                    true -> {Ops + 1, Errors, 0, keep(Ops, Now - Sent, Lats)};
                    false -> {Ops, Errors + 1, Consecutive + 1, Lats}
                end,
            Next = case Now < Deadline andalso Consecutive1 < ?MAX_CONSECUTIVE_ERRORS of
                       true -> request(Server, Bin, Left);
                       false -> Left
                   end,
            pipe_loop(Server, Bin, Size, Deadline, Next, Ops1, Errors1, Consecutive1, Lats1)
    end.

%% One-way: each sender erpc:cast/4s until the deadline; then the driver polls the server's
%% counter until it has handled every message sent (at most DRAIN_LIMIT_MS). Time runs from the
%% start signal until then.
casts(Server, Payload, Senders, Ms) ->
    Bin = binary:copy(<<7>>, Payload),
    Before = erpc:call(Server, ?MODULE, delivered, [], ?CALL_TIMEOUT_MS),
    Self = self(),
    Pids = [spawn_link(fun() -> sender(Self, Server, Bin) end) || _ <- lists:seq(1, Senders)],
    T0 = erlang:monotonic_time(),
    Deadline = T0 + erlang:convert_time_unit(Ms, millisecond, native),
    [P ! {go, Deadline} || P <- Pids],
    Sent = lists:sum([receive {done, P, N} -> N end || P <- Pids]),
    DrainBy = erlang:monotonic_time() + erlang:convert_time_unit(?DRAIN_LIMIT_MS, millisecond, native),
    Delivered = drain(Server, Before + Sent, DrainBy) - Before,
    T1 = erlang:monotonic_time(),
    say("casts sent=~b delivered=~b elapsed_us=~b", [Sent, Delivered, micros(T1 - T0)]).

sender(Parent, Server, Bin) ->
    Deadline = receive {go, D} -> D end,
    Parent ! {done, self(), cast_loop(Server, Bin, Deadline, 0)}.

cast_loop(Server, Bin, Deadline, Sent) ->
    case erlang:monotonic_time() >= Deadline of
        true ->
            Sent;
        false ->
            ok = erpc:cast(Server, ?MODULE, sink, [Bin]),
            cast_loop(Server, Bin, Deadline, Sent + 1)
    end.

drain(Server, Target, DrainBy) ->
    N = erpc:call(Server, ?MODULE, delivered, [], ?CALL_TIMEOUT_MS),
    case N >= Target orelse erlang:monotonic_time() >= DrainBy of
        true -> N;
        false -> timer:sleep(1), drain(Server, Target, DrainBy)
    end.

%% Nearest rank, as the Java side's LatencySamples: the ceil(Q * N)-th smallest.
quantile([], _Q) -> "nan";
quantile(Sorted, Q) ->
    N = length(Sorted),
    Rank = min(N, max(1, ceil(Q * N))),
    Nanos = erlang:convert_time_unit(lists:nth(Rank, Sorted), native, nanosecond),
    float_to_list(Nanos / 1000, [{decimals, 3}]).

micros(Native) -> erlang:convert_time_unit(Native, native, microsecond).

int(S) -> list_to_integer(S).

versions() ->
    io_lib:format("otp=~s erts=~s", [erlang:system_info(otp_release), erlang:system_info(version)]).

say(Format, Args) -> io:format("noderpc_bench " ++ Format ++ "~n", Args).
