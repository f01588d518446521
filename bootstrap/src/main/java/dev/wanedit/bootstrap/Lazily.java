package dev.wanedit.bootstrap;

import com.google.inject.Provider;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * An in-port whose service is built on its first call, not when the command that holds it is
 * created. picocli creates every subcommand to parse one command line (help lists them all), so
 * without this {@code wanedit --help} would build the DashScope client, its HTTP client and TLS
 * context, Jackson and Feign for commands that never run; with it a command builds only what it
 * calls. Guice still builds the service (through the provider), once, as a singleton.
 */
final class Lazily {

    private Lazily() {
    }

    /** A {@code type} that asks {@code service} for the real implementation on its first method call. */
    static <T> T of(Class<T> type, Provider<? extends T> service) {
        InvocationHandler handler = new InvocationHandler() {
            private volatile T target;

            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                if (method.getDeclaringClass() == Object.class) {
                    return switch (method.getName()) {
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        default -> "lazy " + type.getSimpleName(); // toString builds nothing
                    };
                }
                T t = target;
                if (t == null) {
                    synchronized (this) {
                        if (target == null) {
                            target = service.get();
                        }
                        t = target;
                    }
                }
                try {
                    return method.invoke(t, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause(); // the service's own exception, unwrapped
                }
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
