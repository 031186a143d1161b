/// keystone 30's message for an auth body without `identity` (jsonschema's text, verbatim as
/// observed on the real server): the schema dump, then the instance.
enum KeystoneSchemaText {
    static let missingIdentity = """
        'identity' is a required property
        
        Failed validating 'required' in schema:
            {'type': 'object',
             'properties': {'identity': {'type': 'object',
                                         'properties': {'methods': {'type': 'array',
                                                                    'items': {'type': 'string'}},
                                                        'password': {'type': 'object',
                                                                     'properties': {'user': {'type': 'object',
                                                                                             'properties': {'id': {'type': 'string'},
                                                                                                            'name': {'type': 'string'},
                                                                                                            'password': {'type': 'string'},
                                                                                                            'domain': {'type': 'object',
                                                                                                                       'properties': {'id': {'type': 'string'},
                                                                                                                                      'name': {'type': 'string'}}}}}}},
                                                        'token': {'type': 'object',
                                                                  'properties': {'id': {'type': 'string'}},
                                                                  'required': ['id']}},
                                         'required': ['methods']},
                            'scope': {'type': ['object', 'string'],
                                      'properties': {'project': {'type': 'object',
                                                                 'properties': {'name': {'type': 'string'},
                                                                                'id': {'type': 'string'},
                                                                                'domain': {'type': 'object',
                                                                                           'properties': {'id': {'type': 'string'},
                                                                                                          'name': {'type': 'string'}}}}},
                                                     'domain': {'type': 'object',
                                                                'properties': {'id': {'type': 'string'},
                                                                               'name': {'type': 'string'}}},
                                                     'OS-TRUST:trust': {'type': 'object',
                                                                        'properties': {'id': {'type': 'string'}}},
                                                     'system': {'type': 'object',
                                                                'properties': {'all': {'type': 'boolean',
                                                                                       'enum': [True,
                                                                                                False,
                                                                                                None]}}}}}},
             'required': ['identity']}
        """

    static func missingIdentity(instance: String) -> String {
        missingIdentity + "\n\nOn instance:\n    " + instance
    }
}
