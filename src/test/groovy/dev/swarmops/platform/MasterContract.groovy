package dev.swarmops.platform

/**
 * The real master's settings model at the pinned commit (src/platform_network/config/settings.py,
 * e33109bf): every section and key it reads. A rendered key outside this is one the master
 * silently ignores.
 */
final class MasterContract {

    static final Map<String, Set<String>> KEYS = [
            environment  : [] as Set,
            network      : ['name', 'netuid', 'chain_endpoint', 'wallet_name', 'wallet_hotkey', 'wallet_path', 'master_uid'] as Set,
            master       : ['registry_url', 'admin_host', 'admin_port', 'proxy_host', 'proxy_port', 'epoch_interval_seconds',
                            'metagraph_cache_ttl_seconds', 'challenge_timeout_seconds', 'challenge_retries', 'registry_state_file',
                            'upload_signature_ttl_seconds', 'upload_nonce_ttl_seconds', 'upload_max_body_bytes',
                            'upload_require_registered_hotkey', 'upload_extra_registered_hotkeys'] as Set,
            validator    : ['registry_url', 'registry_retry_seconds', 'weights_url', 'weights_interval_seconds',
                            'weights_timeout_seconds', 'weights_retries', 'weights_freshness_seconds'] as Set,
            database     : ['url'] as Set,
            docker       : ['network_name', 'secret_dir', 'internal_network', 'broker_host', 'broker_port', 'broker_url',
                            'broker_workspace_dir', 'broker_allowed_images', 'allow_privileged', 'broker_privileged_slugs',
                            'broker_node_role', 'broker_allow_privileged_escape', 'broker_docker_socket_slugs',
                            'broker_docker_socket_path', 'broker_eval_readonly_mounts', 'broker_eval_readonly_mounts_by_slug',
                            'challenge_placement_constraint', 'cpu_job_constraint', 'gpu_job_constraint'] as Set,
            security     : ['admin_token', 'admin_token_file'] as Set,
            observability: ['log_json', 'sentry_dsn', 'otel_service_name'] as Set]

    /** Dotted paths of every key in a rendered config that the master does not define. */
    static List<String> unknownKeys(Map config) {
        List<String> out = []
        config.each { String section, value ->
            if (!KEYS.containsKey(section)) {
                out << section
            } else if (value instanceof Map) {
                (value as Map).keySet().findAll { !(it in KEYS[section]) }.each { out << "$section.$it".toString() }
            }
        }
        out
    }

    /** Every setting whose key ends in _file, as dotted path → value. */
    static Map<String, String> fileSettings(Map config) {
        Map<String, String> out = [:]
        config.each { String section, value ->
            if (value instanceof Map) {
                (value as Map).each { k, v -> if (k.toString().endsWith('_file') && v) out["$section.$k".toString()] = v.toString() }
            }
        }
        out
    }

    private MasterContract() {
    }
}
